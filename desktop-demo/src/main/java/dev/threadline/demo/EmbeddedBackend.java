package dev.threadline.demo;

import dev.threadline.testkit.FakeChatbotServer;
import java.time.Duration;

/**
 * The backend a fresh machine runs against: the testkit's fake chatbot server, in this process, on a free
 * loopback port, with a few example threads and an assistant that answers at a human pace.
 *
 * <p>Each start is a new backend with a seed of its own, so ids never repeat from one run to the next: a
 * persistent cache never mixes the conversations of two runs under one thread id.
 */
public final class EmbeddedBackend implements AutoCloseable {
  /** The token the embedded backend accepts. */
  public static final String TOKEN = "demo-token";
  /** The user that token belongs to. */
  public static final String USER = "demo";
  /** The time between the assistant's steps unless told otherwise. */
  public static final Duration DEFAULT_PACING = Duration.ofMillis(300);

  private final FakeChatbotServer server;

  private EmbeddedBackend(FakeChatbotServer server) {
    this.server = server;
  }

  /** Starts the backend with {@code pacing} between the assistant's steps, seeded with example threads. */
  public static EmbeddedBackend start(Duration pacing) {
    FakeChatbotServer server = FakeChatbotServer.builder()
        .token(TOKEN, USER)
        .wallClock()
        .pacing(pacing)
        .start();
    server.seedExampleThreads();
    return new EmbeddedBackend(server);
  }

  /** The base URL to point a client at. */
  public String url() {
    return server.url().toString();
  }

  /** The fake server itself, for tests that script its rounds or inject faults. */
  public FakeChatbotServer server() {
    return server;
  }

  /** Stops the server; its threads are gone. */
  @Override public void close() {
    server.close();
  }
}
