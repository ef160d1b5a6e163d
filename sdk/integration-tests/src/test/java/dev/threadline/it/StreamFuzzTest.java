package dev.threadline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.BackoffPolicy;
import dev.threadline.CallbackException;
import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotException;
import dev.threadline.ConnectionState;
import dev.threadline.InMemoryThreadStore;
import dev.threadline.SendCall;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The fuzz suite: seeded generated and mutated streams and re-reads ({@link FuzzCase}) served from a local
 * HTTP server to {@code ChatbotClient.send}. Per case: the send ends within a bound (completed, or a typed
 * error), a finished thread equals the server's, the prompt is posted again only after a refusal, and the
 * cache holds what observers were last shown. Cases run in batches of {@value #BATCH} at once; after each
 * batch no exception has escaped onto any thread and no thread or socket of the closed clients is left. {@code -Dthreadline.fuzzCases=N} runs N cases (default
 * 2000); a failing case prints its seed, and {@code -Dthreadline.fuzzSeed=S} replays it alone.
 */
class StreamFuzzTest {
  private static final long BASE_SEED = 20_261_201L;
  private static final int BOUND_SECONDS = 20;
  private static final int BATCH = 8;
  private static final ExecutorService workers = Executors.newFixedThreadPool(BATCH, runnable -> {
    Thread thread = new Thread(runnable, "fuzz-worker");
    thread.setDaemon(true);
    return thread;
  });
  private static final Map<String, FuzzCase> cases = new ConcurrentHashMap<>();
  private static final Map<String, AtomicLong> endings = new ConcurrentSkipListMap<>();
  private static final List<String> uncaught = Collections.synchronizedList(new ArrayList<>());
  private static final AtomicLong casesRun = new AtomicLong();
  private static final AtomicLong internalErrors = new AtomicLong();
  private static MockWebServer server;
  private static Thread.UncaughtExceptionHandler previousHandler;
  private static long startedNanos;
  private static int threadsBefore;
  private static int socketsBefore;

  @BeforeAll static void startServer() throws IOException {
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(thread.getName() + ": " + error));
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        // Each case has its own base URL, /c<seed>/, so one server serves them all.
        String target = request.getTarget();
        int slash = target.indexOf('/', 1);
        FuzzCase fuzzCase = slash < 0 ? null : cases.get(target.substring(2, slash));
        if (fuzzCase == null) return new MockResponse.Builder().code(404).build();
        return fuzzCase.answer(request, target.substring(slash + "/api/chatbot".length()));
      }
    });
    server.start();
    threadsBefore = clientThreads().size();
    socketsBefore = openSockets();
    startedNanos = System.nanoTime();
  }

  @AfterAll static void report() {
    workers.shutdown();
    server.close();
    Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    System.out.println("fuzz: " + casesRun + " cases in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos)
        + " ms; endings " + endings + "; engine tasks that threw (reported as CallbackException) " + internalErrors);
  }

  @TestFactory Stream<DynamicTest> fuzz() {
    String replay = System.getProperty("threadline.fuzzSeed", "");
    if (!replay.isEmpty()) {
      long seed = Long.parseLong(replay.trim());
      return Stream.of(DynamicTest.dynamicTest("seed " + seed, () -> runBatch(List.of(seed))));
    }
    String count = System.getProperty("threadline.fuzzCases", "");
    int cases = count.isEmpty() ? 2000 : Integer.parseInt(count.trim());
    // Cases mostly wait on sockets and timers: a batch runs at once, and is checked for leaks as a whole.
    return IntStream.range(0, (cases + BATCH - 1) / BATCH).mapToObj(batch -> {
      List<Long> seeds = new ArrayList<>();
      for (int i = batch * BATCH; i < Math.min(cases, (batch + 1) * BATCH); i++) seeds.add(BASE_SEED + i);
      return DynamicTest.dynamicTest("seeds " + seeds.get(0) + "…" + seeds.get(seeds.size() - 1), () -> runBatch(seeds));
    });
  }

  private static void runBatch(List<Long> seeds) throws Exception {
    List<Future<?>> running = new ArrayList<>();
    for (long seed : seeds) running.add(workers.submit(() -> runCase(seed)));
    AssertionError failed = null;
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (failed == null) failed = (AssertionError) e.getCause();
      }
    }
    if (failed != null) throw failed;
    try {
      awaitReleased();
      assertEquals(Collections.emptyList(), new ArrayList<>(uncaught), "uncaught exceptions");
    } catch (Throwable leak) {
      throw new AssertionError("fuzz cases failed: seeds " + seeds + " (replay each: -Dthreadline.fuzzSeed=S)", leak);
    }
  }

  private static Void runCase(long seed) {
    try {
      runChecked(seed);
    } catch (Throwable failure) {
      throw new AssertionError("fuzz case failed: seed " + seed + " (replay: -Dthreadline.fuzzSeed=" + seed + ")",
          failure);
    } finally {
      cases.remove(Long.toString(seed));
    }
    casesRun.incrementAndGet();
    return null;
  }

  private static void runChecked(long seed) throws Exception {
    long start = System.nanoTime();
    FuzzCase fuzzCase = new FuzzCase(seed);
    cases.put(Long.toString(seed), fuzzCase);
    InMemoryThreadStore store = new InMemoryThreadStore();
    LastShown shown = new LastShown();
    ChatbotClient client = ChatbotClient.builder()
        .baseUrl(server.url("/c" + seed + "/"))
        .store(store)
        .callbackExecutor(Runnable::run)
        .maxEventSize(FuzzCase.MAX_EVENT)
        .livenessTimeout(Duration.ofMillis(500))
        .backoff(BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(1)).withMaxDelay(Duration.ofMillis(5))
            .withMaxRetryAfter(Duration.ofMillis(5))
            .withBudget(Duration.ofMillis(100)))
        .build();
    try {
      SendCall call = client.send(UserInput.of(fuzzCase.prompt));
      call.observe(shown);
      String ending = awaitEnding(fuzzCase, call);
      endings.computeIfAbsent(ending, kind -> new AtomicLong()).incrementAndGet();
      assertEquals(0, fuzzCase.postsAfterAnAnswer(), "the prompt was posted again after the server took it: " + fuzzCase);
      assertTrue(client.flushCache(Duration.ofSeconds(10)), "cache writes did not finish");
      assertCacheShowsTheScreen(store, shown);
      if (System.getProperty("threadline.fuzzVerbose") != null) {
        System.out.println("seed " + seed + ": " + ending + " " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
            + " ms");
      }
    } finally {
      client.close();
    }
  }

  /** How the send ended: the final connection kind, or the typed error's class. */
  private static String awaitEnding(FuzzCase fuzzCase, SendCall call) throws Exception {
    try {
      ThreadState done = call.result().get(BOUND_SECONDS, TimeUnit.SECONDS);
      ConnectionState.Kind kind = done.connection().kind();
      if (kind == expectedOutcome(fuzzCase.finalStatus)) {
        assertEquals(new HashSet<>(fuzzCase.truthItems()), new HashSet<>(done.items()), "finished thread differs from the server's");
        assertEquals(fuzzCase.truth.size(), done.items().size(), "items shown twice");
      }
      return kind.name();
    } catch (ExecutionException e) {
      return assertInstanceOf(ChatbotException.class, e.getCause(), "not a typed error").getClass().getSimpleName();
    } catch (TimeoutException e) {
      throw new AssertionError("the send did not end within " + BOUND_SECONDS + " s", e);
    }
  }

  private static ConnectionState.Kind expectedOutcome(String status) {
    switch (status) {
      case "completed": return ConnectionState.Kind.COMPLETED;
      case "stopped": return ConnectionState.Kind.STOPPED;
      default: return ConnectionState.Kind.FAILED;
    }
  }

  /** The cache holds the thread the screen shows (whichever id it has), item for item. */
  private static void assertCacheShowsTheScreen(InMemoryThreadStore store, LastShown shown) {
    List<ChatItem> screen = new ArrayList<>();
    ThreadState last = shown.last;
    ChatThread cached = last == null || last.workflowId() == null ? null : store.loadThread(last.workflowId());
    if (last != null) for (ChatItem item : last.items()) if (!item.isPending()) screen.add(item);
    List<ChatItem> cache = cached == null ? Collections.emptyList() : cached.items();
    assertEquals(new HashSet<>(screen), new HashSet<>(cache), "the cache differs from the screen");
    assertEquals(screen.size(), cache.size(), "the cache differs from the screen");
  }

  /** Waits until the closed client's threads and sockets are gone. */
  private static void awaitReleased() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (clientThreads().size() > threadsBefore || openSockets() > socketsBefore) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("left behind: threads " + clientThreads() + ", sockets " + openSockets() + " (before "
            + socketsBefore + ")");
      }
      Thread.sleep(1);
    }
  }

  /** Threads a client starts: its engine, stream and callback threads, OkHttp's dispatcher threads. */
  private static List<String> clientThreads() {
    List<String> names = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (thread.isAlive() && (name.startsWith("threadline-") || name.startsWith("OkHttp Dispatcher")
          || name.startsWith("OkHttp http"))) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * Client sockets still open to the server: loopback connections to its port that the client has not
   * closed (established, or closed by the server only), where the OS tells (Linux); else 0.
   */
  private static int openSockets() {
    int count = 0;
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(table));
      } catch (IOException e) {
        continue;
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] columns = line.trim().split("\\s+");
        String remote = columns[2];
        int port = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
        if (port == server.getPort() && (columns[3].equals("01") || columns[3].equals("08"))) count++;
      }
    }
    return count;
  }

  /** The last state an observer was shown. */
  private static final class LastShown implements ThreadObserver {
    volatile ThreadState last;

    @Override public void onChanged(ThreadState state) {
      last = state;
    }

    @Override public void onError(ChatbotException error) {
      if (error instanceof CallbackException) internalErrors.incrementAndGet();
    }
  }
}
