package dev.threadline.benchmarks;

import dev.threadline.ChatThread;
import dev.threadline.ChatbotClient;
import dev.threadline.UserInput;
import dev.threadline.Workflow;
import dev.threadline.store.sqlite.SqliteThreadStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;

/**
 * Benchmark 9, a JVM that forgets {@code close()}: how long an app's process takes to exit after its
 * {@code main} returns. The app ({@link #main}, in a child JVM) opens a SQLite cache, sends a prompt to a
 * loopback server, waits until the answer is on screen, prints a line and returns from {@code main}, either
 * without closing its client (ours) or after {@code close()} (the baseline: what a careful app gets). The
 * time runs from this JVM reading that line to the child's exit; afterwards this JVM reads the child's
 * cache and counts what is missing. Each side runs {@code runs} times, alternating.
 */
public final class ExitMeasurement {
  private static final String RETURNING = "returning from main";

  /** The two sides' median exit times and the items missing from their caches, summed over the runs. */
  public static final class Result {
    public final double forgotMillis;
    public final double closedMillis;
    public final double forgotMaxMillis;
    public final int missingItems;

    Result(double forgotMillis, double closedMillis, double forgotMaxMillis, int missingItems) {
      this.forgotMillis = forgotMillis;
      this.closedMillis = closedMillis;
      this.forgotMaxMillis = forgotMaxMillis;
      this.missingItems = missingItems;
    }
  }

  private final int runs;

  /** @param runs child JVMs per side */
  public ExitMeasurement(int runs) {
    this.runs = runs;
  }

  public Result run() throws Exception {
    Path dir = Files.createTempDirectory("threadline-exit");
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new FirstItemMeasurement.Rounds());
      server.setServerSocketFactory(new NoDelayServerSockets());
      server.start();
      double[] forgot = new double[runs];
      double[] closed = new double[runs];
      int missing = 0;
      for (int run = 0; run < runs; run++) {
        Path forgetful = dir.resolve("forgot-" + run);
        forgot[run] = exitMillis(forgetful, server, false);
        missing += missingItems(forgetful);
        Path careful = dir.resolve("closed-" + run);
        closed[run] = exitMillis(careful, server, true);
        missing += missingItems(careful);
      }
      Arrays.sort(forgot);
      Arrays.sort(closed);
      return new Result(forgot[runs / 2], closed[runs / 2], forgot[runs - 1], missing);
    } finally {
      deleteTree(dir);
    }
  }

  /** Runs the app in a child JVM; milliseconds from its line before {@code main} returns to its exit. */
  private static double exitMillis(Path cacheDir, MockWebServer server, boolean close) throws Exception {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process app = new ProcessBuilder(java, "-Xmx256m", "-Dorg.sqlite.tmpdir=" + cacheDir.getParent(),
        "-cp", System.getProperty("java.class.path"), ExitMeasurement.class.getName(),
        cacheDir.toString(), server.url("/").toString(), Boolean.toString(close))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    long returnedAt = 0;
    List<String> printed = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.equals(RETURNING)) {
          returnedAt = System.nanoTime();
          break;
        }
        printed.add(line);
      }
    }
    if (!app.waitFor(120, TimeUnit.SECONDS)) {
      app.destroyForcibly();
      throw new IllegalStateException("the app's JVM did not exit within 120 s after main returned");
    }
    long exitedAt = System.nanoTime();
    if (returnedAt == 0 || app.exitValue() != 0) {
      throw new IllegalStateException("the app failed (exit " + app.exitValue() + "): " + printed);
    }
    return (exitedAt - returnedAt) / 1e6;
  }

  /** The items of the app's thread (its prompt and the answer) that its cache does not hold. */
  private static int missingItems(Path cacheDir) {
    try (SqliteThreadStore store = SqliteThreadStore.open(cacheDir, "bench")) {
      List<Workflow> threads = store.loadThreads(0, 10);
      if (threads.isEmpty()) return 2;
      ChatThread thread = store.loadThread(threads.get(0).id());
      return thread == null ? 2 : Math.max(0, 2 - thread.items().size());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) paths.sorted((a, b) -> b.compareTo(a))::iterator) Files.deleteIfExists(path);
    }
  }

  /**
   * The app: arguments are its cache directory, the server's base URL, and whether it closes its client.
   * It returns as soon as the answer is on screen, when the answer's cache write is still queued (the
   * screen comes first, and the writer batches for 50 ms).
   */
  public static void main(String[] args) throws Exception {
    ChatbotClient client = ChatbotClient.builder()
        .baseUrl(args[1])
        .store(SqliteThreadStore.open(Path.of(args[0]), "bench"))
        .build();
    CountDownLatch answered = new CountDownLatch(1);
    client.send(UserInput.of("Question 1: what is our refund policy?")).observe(state -> {
      if (state.items().size() == 2 && !state.items().get(0).isPending()) answered.countDown();
    });
    if (!answered.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("no answer");
    if (Boolean.parseBoolean(args[2])) client.close();
    System.out.println(RETURNING);
  }
}
