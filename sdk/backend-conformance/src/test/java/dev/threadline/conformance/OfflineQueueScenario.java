package dev.threadline.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.BackoffPolicy;
import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotClient;
import dev.threadline.ConnectionState;
import dev.threadline.CredentialsProvider;
import dev.threadline.PageRequest;
import dev.threadline.SendCall;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.Workflow;
import dev.threadline.store.sqlite.SqliteThreadStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline queue end to end, against a backend a subclass provides (the testkit's fake, the real route
 * code): prompts written with the network gone survive the process on the SQLite cache and reach the server
 * once each, in the order written, when the network is back. The network is a loopback port: closed while
 * "offline", then a {@link LoopbackProxy} to the backend on that very port.
 */
@Timeout(120)
abstract class OfflineQueueScenario {
  private final List<AutoCloseable> opened = new ArrayList<>();
  @TempDir Path cacheDir;

  /** The backend's root URL. */
  protected abstract HttpUrl backendUrl();

  /** A bearer token of user alice on the backend. */
  protected abstract String token();

  @AfterEach void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) opened.get(i).close();
  }

  private ChatbotClient client(HttpUrl url) {
    ChatbotClient client = ChatbotClient.builder().baseUrl(url).credentials(CredentialsProvider.bearer(token()))
        .store(SqliteThreadStore.open(cacheDir, "alice"))
        .backoff(BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(50)).withMaxDelay(Duration.ofMillis(300))).build();
    opened.add(client);
    return client;
  }

  @Test void promptsWrittenOfflineSurviveARestartAndReachTheServerOnceInOrder() throws Exception {
    ChatbotClient online = client(backendUrl());
    String thread = online.send(UserInput.of("Remember this")).result().get(60, TimeUnit.SECONDS).workflowId();
    int port = closedPort();
    HttpUrl network = backendUrl().newBuilder().port(port).build();

    // Offline: two prompts, one continuing the thread and one starting a new thread, then the process dies
    // (the client is abandoned: nothing is flushed or closed).
    ChatbotClient beforeRestart = client(network);
    beforeRestart.networkLost();
    beforeRestart.send(UserInput.builder("First, written offline").workflowId(thread).build());
    beforeRestart.send(UserInput.of("Second, written offline"));
    assertEquals(2, beforeRestart.queuedSends().get(10, TimeUnit.SECONDS).size());

    // Restarted on the same cache, still without a network: it tries, cannot connect, and keeps both.
    ChatbotClient restarted = client(network);
    List<SendCall> queued = restarted.queuedSends().get(10, TimeUnit.SECONDS);
    List<ThreadState> firstStates = new CopyOnWriteArrayList<>();
    queued.get(0).observe(firstStates::add);
    awaitTrue(() -> firstStates.stream().anyMatch(state -> state.hasPendingWrites()
        && state.connection().kind() == ConnectionState.Kind.RECONNECTING));
    assertEquals(List.of("First, written offline", "Second, written offline"),
        queued.stream().map(call -> call.input().prompt()).collect(Collectors.toList()));
    assertEquals(thread, queued.get(0).input().workflowId());

    // The network is back.
    opened.add(LoopbackProxy.on(port, backendUrl()));
    restarted.networkAvailable();
    ThreadState first = queued.get(0).result().get(60, TimeUnit.SECONDS);
    ThreadState second = queued.get(1).result().get(60, TimeUnit.SECONDS);

    assertEquals(ConnectionState.Kind.COMPLETED, first.connection().kind());
    assertEquals(ConnectionState.Kind.COMPLETED, second.connection().kind());
    ChatbotClient check = client(backendUrl());
    ChatThread continued = check.getThread(thread);
    assertEquals(List.of("Remember this", "First, written offline"), userMessages(continued),
        "the continued thread got its prompt once");
    List<Workflow> all = check.listThreads(PageRequest.firstPage(50)).threads();
    assertEquals(2, all.size(), "one new thread, created once: " + all);
    ChatThread created = check.getThread(second.workflowId());
    assertEquals(List.of("Second, written offline"), userMessages(created));
    assertTrue(userMessage(continued, "First, written offline").createdAt()
            .compareTo(userMessage(created, "Second, written offline").createdAt()) < 0,
        "the server got them in the order written");
    assertEquals(List.of(), restarted.queuedSends().get(10, TimeUnit.SECONDS));
  }

  private static List<String> userMessages(ChatThread thread) {
    return thread.items().stream().filter(ChatItem::isUserMessage).map(ChatItem::message).collect(Collectors.toList());
  }

  private static ChatItem userMessage(ChatThread thread, String text) {
    return thread.items().stream().filter(item -> item.isUserMessage() && text.equals(item.message()))
        .findFirst().orElseThrow();
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met in time");
      Thread.sleep(10);
    }
  }

  /** A loopback port nothing listens on (yet). */
  private static int closedPort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
