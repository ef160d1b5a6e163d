package dev.threadline.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FakeChatbotServer} standalone until the process is stopped, for demos and manual tests.
 *
 * <pre>
 * java -cp threadline-testkit.jar:… dev.threadline.testkit.FakeChatbotMain \
 *     --port 8080 --token demo-token=demo --pacing-ms 300 --resume none --seed 42
 * </pre>
 *
 * <p>Options: {@code --port N} (default 8080), {@code --host ADDRESS} (default 127.0.0.1),
 * {@code --token TOKEN=USER} (repeatable; default {@code demo-token=demo}), {@code --pacing-ms N}
 * (default 300), {@code --seed N}, {@code --resume none|event-ids|seq-cursor},
 * {@code --keepalive-s N}, {@code --stream-limit-s N}, {@code --no-examples} (by default a few example
 * threads are seeded for every user). Uses the wall clock for {@code createdAt}.
 */
public final class FakeChatbotMain {
  private FakeChatbotMain() {}

  /** Starts the server, prints its URL, and blocks until the JVM shuts down. */
  public static void main(String[] args) throws InterruptedException {
    FakeChatbotServer.Builder builder = FakeChatbotServer.builder()
        .port(8080).pacing(Duration.ofMillis(300)).wallClock();
    boolean examples = true;
    boolean anyToken = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--port": builder.port(Integer.parseInt(value(args, ++i, arg))); break;
        case "--host": builder.host(value(args, ++i, arg)); break;
        case "--pacing-ms": builder.pacing(Duration.ofMillis(Long.parseLong(value(args, ++i, arg)))); break;
        case "--seed": builder.seed(Long.parseLong(value(args, ++i, arg))); break;
        case "--keepalive-s": builder.keepaliveInterval(Duration.ofSeconds(Long.parseLong(value(args, ++i, arg)))); break;
        case "--stream-limit-s": builder.streamTimeLimit(Duration.ofSeconds(Long.parseLong(value(args, ++i, arg)))); break;
        case "--resume": builder.resumeMode(resumeMode(value(args, ++i, arg))); break;
        case "--no-examples": examples = false; break;
        case "--token": {
          String[] pair = value(args, ++i, arg).split("=", 2);
          if (pair.length != 2) throw new IllegalArgumentException("--token wants TOKEN=USER");
          builder.token(pair[0], pair[1]);
          anyToken = true;
          break;
        }
        default: throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (!anyToken) builder.token("demo-token", "demo");
    FakeChatbotServer server = builder.start();
    if (examples) server.seedExampleThreads();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "FakeChatbotServer shutdown"));
    System.out.println("Fake chatbot backend at " + server.url() + "api/chatbot (seed " + server.seed() + ")");
    stopped.await();
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) throw new IllegalArgumentException(option + " needs a value");
    return args[index];
  }

  private static ResumeMode resumeMode(String value) {
    switch (value) {
      case "none": return ResumeMode.NONE;
      case "event-ids": return ResumeMode.EVENT_IDS;
      case "seq-cursor": return ResumeMode.SEQ_CURSOR;
      default: throw new IllegalArgumentException("--resume none|event-ids|seq-cursor, not " + value);
    }
  }
}
