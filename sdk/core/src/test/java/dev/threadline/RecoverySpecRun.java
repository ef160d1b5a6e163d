package dev.threadline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * One recovery spec case running: a client on a fake clock against a {@link ScriptedBackend}, the states its
 * observer saw, and what a step expects of them. After each step the run waits until the client is settled
 * (no call in flight but the streams held open, nothing queued on its engine thread): with time standing
 * still, nothing happens then until the next step.
 */
final class RecoverySpecRun implements AutoCloseable {
  private static final long START_MILLIS = 1_750_000_000_000L;
  private static final long SETTLE_TIMEOUT_MILLIS = 5_000;

  private final ScriptedBackend backend;
  private final MockWebServer server = new MockWebServer();
  private final FakeEngineClock clock = new FakeEngineClock(START_MILLIS);
  private final OkHttpClient http;
  private final InMemoryThreadStore store = new InMemoryThreadStore();
  private final ChatbotClient client;
  private final boolean continuing;
  private final RecordingObserver observer = new RecordingObserver();
  private final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** What broke the pairing of the listener's events (every case checks that nothing did). */
  private final List<String> unpaired = new java.util.concurrent.CopyOnWriteArrayList<>();
  private SendCall call;

  RecoverySpecRun(Map<String, Object> spec) throws Exception {
    boolean resumable = Boolean.TRUE.equals(spec.get("resumable"));
    continuing = "existing".equals(spec.get("thread"));
    backend = new ScriptedBackend(resumable);
    server.setDispatcher(backend);
    server.start();
    // No pooled connections: each request connects, so a refused connection is refused every time.
    http = new OkHttpClient.Builder().socketFactory(backend.socketFactory())
        .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build();
    BackoffPolicy backoff = BackoffPolicy.defaults().withRandom(() -> 0.5);
    if (spec.containsKey("budgetSeconds")) backoff = backoff
        .withBudget(Duration.ofMillis(seconds(spec.get("budgetSeconds"))));
    ChatbotClient.Builder builder = ChatbotClient.builder().baseUrl(server.url("/")).okHttpClient(http)
        .callbackExecutor(Runnable::run).store(store).backoff(backoff).clock(clock).eventListener(new EventLog());
    if (resumable) builder.resumableStream(ResumableStream.lastEventId("{workflowId}/stream"));
    client = builder.build();
  }

  private static long seconds(Object value) {
    return Math.round(((Number) value).doubleValue() * 1000);
  }

  @SuppressWarnings("unchecked")
  void step(Map<String, Object> step, String where) throws Exception {
    for (Object reply : (List<Object>) step.getOrDefault("serve", new ArrayList<>())) {
      backend.queue((Map<String, Object>) reply);
    }
    act(step);
    settle(where);
    assertEquals(new ArrayList<>(), unpaired, where + ": the listener's events pair up");
    Map<String, Object> expect = (Map<String, Object>) step.get("expect");
    if (expect != null) check(expect, where);
  }

  private void act(Map<String, Object> step) throws Exception {
    String action = (String) step.getOrDefault("do", "nothing");
    switch (action) {
      case "nothing":
        break;
      case "send": {
        UserInput.Builder input = UserInput.builder(ScriptedBackend.PROMPT);
        if (continuing) input.workflowId(ScriptedBackend.WF);
        call = client.send(input.build());
        call.observe(observer);
        break;
      }
      case "observe":
        client.observeThread(ScriptedBackend.WF, observer);
        break;
      case "advance":
        clock.advance(seconds(step.get("seconds")), this::settleQuietly);
        break;
      case "network lost":
        client.networkLost();
        break;
      case "network available":
        client.networkAvailable();
        break;
      case "stop":
        client.stop(ScriptedBackend.WF);
        break;
      case "stream":
        backend.toHeldStream(SpecItems.tokens(step.get("items")));
        break;
      case "close stream":
        backend.toHeldStream("close");
        break;
      case "drop stream":
        backend.toHeldStream("drop");
        break;
      default:
        throw new IllegalArgumentException("unknown action " + action);
    }
  }

  private void settleQuietly() {
    try {
      settle("advance");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until the server has answered all it got (streams held open aside), the client has no short call
   * in flight, and its engine thread has nothing queued, twice in a row with no new request.
   */
  private void settle(String where) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MILLIS);
    int quiet = 0;
    while (quiet < 3) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(where + ": the client did not settle: " + http.dispatcher().runningCallsCount()
            + " calls running, " + backend.heldStreams() + " streams held, requests " + backend.requests());
      }
      int requests = backend.requests().size();
      // Streams run on the client's own stream dispatcher: the app's dispatcher holds only the short calls.
      boolean idle = backend.answered() && http.dispatcher().runningCallsCount() == 0;
      // Through the engine thread: whatever a finished call handed it has run once this returns.
      client.flushCache(Duration.ofSeconds(5));
      boolean unchanged = requests == backend.requests().size();
      quiet = idle && unchanged ? quiet + 1 : 0;
      if (quiet < 3) Thread.sleep(2);
    }
  }

  /**
   * Compares what the app sees with {@code expect}. Settling cannot see bytes on their way from the server's
   * socket to the client's reader, so a mismatch is looked at again (settling each time) for a while before
   * it fails: with time standing still, the client only converges to what the step leads to.
   */
  private void check(Map<String, Object> expect, String where) throws Exception {
    Map<String, Object> wanted = new LinkedHashMap<>();
    for (String key : expect.keySet()) wanted.put(key, normalise(expect.get(key)));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MILLIS);
    Map<String, Object> actual = actual(expect);
    while (!wanted.equals(actual) && System.nanoTime() < deadline) {
      Thread.sleep(5);
      settle(where);
      actual = actual(expect);
    }
    assertEquals(wanted, actual, where);
  }

  /** What the app sees now, for each key {@code expect} names. */
  private Map<String, Object> actual(Map<String, Object> expect) throws Exception {
    ThreadState state = observer.states.isEmpty() ? null : observer.states.get(observer.states.size() - 1);
    Map<String, Object> actual = new LinkedHashMap<>();
    for (String key : expect.keySet()) {
      switch (key) {
        case "connection":
          actual.put(key, state == null ? "none" : state.connection().kind().name());
          break;
        case "attempt":
          actual.put(key, (long) state.connection().attempt());
          break;
        case "retryIn":
          Instant due = state == null ? null : state.connection().nextRetryAt();
          actual.put(key, due == null ? "no retry due" : due.toEpochMilli() - clock.nowMillis());
          break;
        case "requests":
          actual.put(key, backend.requests());
          break;
        case "items":
          actual.put(key, tokens(state == null ? new ArrayList<>() : state.items()));
          break;
        case "pending":
          actual.put(key, state != null && state.hasPendingWrites());
          break;
        case "cache": {
          ChatThread cached = store.loadThread(ScriptedBackend.WF);
          actual.put(key, cached == null ? "none" : tokens(cached.items()));
          break;
        }
        case "timers":
          actual.put(key, clock.timers());
          break;
        case "result":
          actual.put(key, result());
          break;
        case "errors":
          actual.put(key, errorNames());
          break;
        case "healed":
          actual.put(key, state != null && state.isHealedByReread());
          break;
        case "status":
          actual.put(key, state == null || state.workflow() == null ? "none" : state.workflow().statusText());
          break;
        case "events":
          actual.put(key, new ArrayList<>(events));
          break;
        default:
          throw new IllegalArgumentException("unknown expectation " + key);
      }
    }
    return actual;
  }

  private static List<String> tokens(List<ChatItem> items) {
    List<String> tokens = new ArrayList<>();
    for (ChatItem item : items) {
      String token = SpecItems.token(item);
      if (token != null) tokens.add(token);
    }
    return tokens;
  }

  private String result() {
    if (call == null) return "no send";
    CompletableFuture<ThreadState> result = call.result();
    if (!result.isDone()) return "pending";
    try {
      return result.join().connection().kind().name();
    } catch (CompletionException e) {
      return e.getCause().getClass().getSimpleName();
    }
  }

  private List<String> errorNames() {
    List<String> names = new ArrayList<>();
    for (ChatbotException error : observer.errors) {
      String name = error.getClass().getSimpleName();
      if (!names.contains(name)) names.add(name);
    }
    return names;
  }

  /**
   * Logs the connection events the listener hears, by name, and what breaks their pairing: a second start
   * before the first ended, an end without a start, or an end naming another send than its start.
   */
  private final class EventLog extends ChatbotEventListener {
    /** The send id of the open stream and re-read, -1 when none is open (engine thread only). */
    private long openStream = -1;
    private long openResync = -1;

    private long started(String name, long open, RoundRef round) {
      events.add(name);
      if (open >= 0) unpaired.add(name + " while one was open");
      return round.sendId();
    }

    private long ended(String name, long open, RoundRef round, boolean needsStart) {
      events.add(name);
      if (open < 0 && needsStart) unpaired.add(name + " without a start");
      if (open >= 0 && open != round.sendId()) unpaired.add(name + " of send " + round.sendId() + ", begun by " + open);
      return -1;
    }

    @Override public void streamOpened(RoundRef round) {
      openStream = started("streamOpened", openStream, round);
    }

    @Override public void streamEnded(RoundRef round, Throwable cause) {
      // A stream that fails before it opens reports its end alone.
      openStream = ended("streamEnded", openStream, round, false);
    }

    @Override public void reconnectScheduled(RoundRef round, int attempt, Duration delay, Throwable cause) {
      events.add("reconnectScheduled");
    }

    @Override public void resyncStarted(RoundRef round) {
      openResync = started("resyncStarted", openResync, round);
    }

    @Override public void resyncFinished(RoundRef round, int duplicates) {
      openResync = ended("resyncFinished", openResync, round, true);
    }

    @Override public void resyncFailed(RoundRef round, Throwable cause) {
      openResync = ended("resyncFailed", openResync, round, true);
    }

    @Override public void gaveUp(RoundRef round, Throwable cause) {
      events.add("gaveUp");
    }
  }

  /** JSON numbers are doubles; the spec's are whole. */
  private static Object normalise(Object value) {
    if (value instanceof Double) return Math.round((Double) value);
    if (value instanceof List) {
      List<Object> list = new ArrayList<>();
      for (Object element : (List<?>) value) list.add(normalise(element));
      return list;
    }
    return Objects.requireNonNull(value);
  }

  @Override public void close() {
    client.close();
    backend.releaseAll();
    server.close();
    // The app's client is the test's to shut down: its dispatcher's threads would linger a minute each.
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
