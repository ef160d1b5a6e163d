package dev.threadline.testkit;

import dev.threadline.ChatThread;
import dev.threadline.testkit.internal.Activity;
import dev.threadline.testkit.internal.AssistantSimulator;
import dev.threadline.testkit.internal.Credentials;
import dev.threadline.testkit.internal.FakeClock;
import dev.threadline.testkit.internal.FaultPlan;
import dev.threadline.testkit.internal.RateLimiter;
import dev.threadline.testkit.internal.RequestLog;
import dev.threadline.testkit.internal.RoundQueue;
import dev.threadline.testkit.internal.Routes;
import dev.threadline.testkit.internal.SeededRandom;
import dev.threadline.testkit.internal.ServerCore;
import dev.threadline.testkit.internal.SocketTracker;
import dev.threadline.testkit.internal.ThreadRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A fake of the whole chatbot backend on a real local HTTP server: the routes of PROTOCOL.md under
 * {@code /api/chatbot} with the real wire format, a simulated assistant, per-user threads, rate limits,
 * stream time limits, faults on command, optional resumable streams and replays of captured streams.
 *
 * <pre>{@code
 * try (FakeChatbotServer server = FakeChatbotServer.builder().token("token-alice", "alice").start()) {
 *   server.script().nextRound(Round.reply("Refunds take 5 days."));
 *   // point the client at server.url() and send a prompt with "Authorization: Bearer token-alice"
 *   server.awaitIdle();
 *   ChatThread truth = server.truth(workflowId);
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe. The server is deterministic for a given {@linkplain Builder#seed seed}
 * and sequence of requests: ids, {@code createdAt} values, jitter and random fault positions repeat.
 * Close it to free the port and its threads; {@link #close()} ends open streams at once.
 */
public final class FakeChatbotServer implements AutoCloseable {
  private static final Duration DEFAULT_AWAIT = Duration.ofSeconds(10);

  private final MockWebServer http;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ServerCore core;
  private final ThreadRepository repository;
  private final AssistantSimulator simulator;
  private final Activity activity;
  private final RequestLog requests;
  private final FaultPlan faultPlan;
  private final Credentials credentials;
  private final RoundScript script;
  private final Faults faults;
  private final long seed;
  private boolean closed;

  private FakeChatbotServer(Builder builder) throws IOException {
    seed = builder.seed != null ? builder.seed : ThreadLocalRandom.current().nextLong();
    SeededRandom random = new SeededRandom(seed);
    FakeClock clock = builder.wallClock ? FakeClock.wall(random) : FakeClock.logical(builder.startTime, random);
    activity = new Activity();
    repository = new ThreadRepository(activity);
    scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "FakeChatbotServer assistant");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    String mandateId = "mandate_" + random.uuid();
    simulator = new AssistantSimulator(repository, clock, random, scheduler, builder.pacing, mandateId);
    requests = new RequestLog();
    faultPlan = new FaultPlan();
    RoundQueue rounds = new RoundQueue();
    Map<String, String> tokens = builder.tokens.isEmpty() ? Map.of("test-token", "test-user") : builder.tokens;
    credentials = new Credentials(tokens);
    core = new ServerCore(repository, simulator, activity, faultPlan, rounds, random, requests,
        new RateLimiter(builder.rateLimit, System::nanoTime), credentials, builder.resumeMode,
        builder.keepalive, builder.streamLimit, builder.pacing);
    script = new RoundScript(rounds);
    faults = new Faults(faultPlan);
    http = new MockWebServer();
    http.setServerSocketFactory(new SocketTracker());
    http.setDispatcher(new Routes(core));
    try {
      http.start(InetAddress.getByName(builder.host), builder.port);
    } catch (IOException | RuntimeException e) {
      scheduler.shutdownNow();
      throw e;
    }
  }

  /** A builder with the defaults: token {@code test-token} for user {@code test-user}, zero pacing. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a server with the {@linkplain #builder() defaults} on a free port.
   *
   * @throws UncheckedIOException if the server cannot listen
   */
  public static FakeChatbotServer start() {
    return builder().start();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:54321/}; the routes are under {@code api/chatbot/}. */
  public HttpUrl url() {
    return http.url("/");
  }

  /** The port the server listens on. */
  public int port() {
    return http.getPort();
  }

  /** The seed this server runs with (given or chosen at random); print it to replay a failing run. */
  public long seed() {
    return seed;
  }

  /** What the simulated assistant does in the coming rounds. */
  public RoundScript script() {
    return script;
  }

  /** Faults to inject into the coming streams and requests. */
  public Faults faults() {
    return faults;
  }

  /**
   * Serves {@code capture} (the raw bytes of a real SSE stream body) as the body of the next
   * {@code POST /api/chatbot/start/stream}, one event per chunk, paced like a live stream, then ends it
   * cleanly. The capture's well-formed chat items are also stored in their workflow's thread (created for
   * the caller if missing, status {@code completed}), so a client can re-read it. Malformed lines are served
   * but not stored. The request's prompt is not processed.
   */
  public void replayNextStream(byte[] capture) {
    faultPlan.addReplay(Objects.requireNonNull(capture, "capture"));
  }

  /**
   * Like {@link #replayNextStream(byte[])}, reading the capture from {@code file}.
   *
   * @throws UncheckedIOException if the file cannot be read
   */
  public void replayNextStream(Path file) {
    try {
      replayNextStream(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The server's own thread {@code workflowId}: its workflow and items exactly as
   * {@code GET /api/chatbot/threads?workflowId=} returns them now (compact JSON, as the REST routes write
   * it).
   *
   * @throws NoSuchElementException if there is no such thread (never created, or deleted)
   */
  public ChatThread truth(String workflowId) {
    ChatThread thread = repository.truth(workflowId);
    if (thread == null) throw new NoSuchElementException("no thread " + workflowId);
    return thread;
  }

  /** Whether thread {@code workflowId} exists (of any user, in any mode). */
  public boolean hasThread(String workflowId) {
    return repository.truth(workflowId) != null;
  }

  /** All threads of {@code user} (of any mode), in creation order, as {@link #truth(String)} gives them. */
  public List<ChatThread> threadsOf(String user) {
    return repository.truthOf(user);
  }

  /** Every request received so far, in arrival order, with the status it got. */
  public List<ReceivedRequest> requests() {
    return requests.all();
  }

  /** How many requests had {@code method} and exactly {@code path} (no query), whatever their outcome. */
  public int countRequests(String method, String path) {
    return requests.count(method, path);
  }

  /** Forgets the recorded requests (not the threads). */
  public void clearRequests() {
    requests.clear();
  }

  /** Waits up to 10 s until workflow {@code workflowId} is no longer running; see {@link #awaitRoundFinished(String, Duration)}. */
  public void awaitRoundFinished(String workflowId) {
    awaitRoundFinished(workflowId, DEFAULT_AWAIT);
  }

  /**
   * Waits until workflow {@code workflowId} exists and its status is not {@code running} (completed,
   * stopped or error).
   *
   * @throws AssertionError if that does not happen within {@code timeout}
   */
  public void awaitRoundFinished(String workflowId, Duration timeout) {
    activity.await(() -> {
      String status = repository.status(workflowId);
      return status != null && !status.equals("running");
    }, timeout, "round of " + workflowId + " to finish");
  }

  /** Waits up to 10 s until the server is idle; see {@link #awaitIdle(Duration)}. */
  public void awaitIdle() {
    awaitIdle(DEFAULT_AWAIT);
  }

  /**
   * Waits until no workflow is running and no stream body is being written (all streams ended, were
   * dropped, or hit their limit). A stalled stream counts as open until the server closes.
   *
   * @throws AssertionError if that does not happen within {@code timeout}
   */
  public void awaitIdle(Duration timeout) {
    activity.await(() -> !repository.anyRunning() && activity.openStreams() == 0, timeout,
        "the server to be idle");
  }

  /**
   * Waits until at least {@code count} requests with {@code method} and {@code path} were answered.
   *
   * @throws AssertionError if that does not happen within {@code timeout}
   */
  public void awaitRequests(String method, String path, int count, Duration timeout) {
    activity.await(() -> requests.count(method, path) >= count, timeout,
        count + " requests " + method + " " + path);
  }

  /**
   * Stores a finished thread of {@code user}: the prompt, logs, a stat and {@code answer}, status
   * {@code completed}.
   *
   * @return its workflow id
   */
  public String createThread(String user, String prompt, String answer) {
    return simulator.seedThread(user, prompt, answer, 1);
  }

  /**
   * Stores a few realistic finished threads (one with two rounds) for every configured user, for demos
   * and list tests.
   *
   * @return their workflow ids, in creation order
   */
  public List<String> seedExampleThreads() {
    List<String> ids = new ArrayList<>();
    for (String user : credentials.users()) {
      ids.add(simulator.seedThread(user, "What is our refund policy?",
          "Refunds are possible within 30 days of purchase; the money is back on your card within 5 days.", 1));
      ids.add(simulator.seedThread(user, "Summarise the Q3 sales report",
          "Q3 sales grew 12% over Q2, driven by the new subscription plans; churn fell to 2.1%.", 2));
      ids.add(simulator.seedThread(user, "Wie beantrage ich Urlaub?",
          "Urlaub beantragen Sie im Personalportal unter \u201eAbwesenheiten\u201c; Ihre Leitung genehmigt ihn.", 1));
    }
    return ids;
  }

  /**
   * Stores a workflow of {@code user} that is not in Chatbot mode ({@code workflowMode} {@code Automation}):
   * lists leave it out, {@code DELETE} answers 400, {@code GET /threads?workflowId=} still returns it.
   *
   * @return its workflow id
   */
  public String createNonChatbotWorkflow(String user, String name) {
    return simulator.seedOtherModeWorkflow(user, name);
  }

  /**
   * Marks thread {@code workflowId} read-only: its owner may read and continue it, but {@code DELETE}
   * answers 403 ("You don't have permission to delete this workflow"), as for a thread of a shared
   * mandate the caller may not delete.
   *
   * @throws NoSuchElementException if there is no such thread
   */
  public void setReadOnly(String workflowId, boolean readOnly) {
    if (!repository.setReadOnly(workflowId, readOnly)) throw new NoSuchElementException("no thread " + workflowId);
  }

  /** Stops the server: open streams end, rounds stop, the port is freed. Idempotent. */
  @Override public synchronized void close() {
    if (closed) return;
    closed = true;
    core.shutdown();
    scheduler.shutdownNow();
    http.close();
  }

  @Override public String toString() {
    return "FakeChatbotServer(" + url() + ", seed=" + seed + ")";
  }

  /** Configures a {@link FakeChatbotServer}. Not thread-safe; {@link #start()} may be called more than once. */
  public static final class Builder {
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private Duration pacing = Duration.ZERO;
    private @Nullable Long seed;
    private Duration keepalive = Duration.ofSeconds(30);
    private Duration streamLimit = Duration.ofSeconds(300);
    private int rateLimit = 120;
    private ResumeMode resumeMode = ResumeMode.NONE;
    private Instant startTime = Instant.ofEpochSecond(1737331539);
    private boolean wallClock;
    private String host = "127.0.0.1";
    private int port;

    private Builder() {}

    /**
     * Accepts {@code token} (as {@code Authorization: Bearer <token>} or cookie {@code session=<token>}) as
     * the credentials of {@code user}. Without any token, {@code test-token} belongs to {@code test-user}.
     */
    public Builder token(String token, String user) {
      tokens.put(Objects.requireNonNull(token, "token"), Objects.requireNonNull(user, "user"));
      return this;
    }

    /**
     * The time between the assistant's steps (plus up to half of it as seeded jitter). Default zero: items
     * come as fast as possible, for fast tests; the demo uses a few hundred milliseconds.
     */
    public Builder pacing(Duration pacing) {
      if (pacing.isNegative()) throw new IllegalArgumentException("negative pacing");
      this.pacing = pacing;
      return this;
    }

    /** The seed of ids, {@code createdAt} jitter and random fault positions. Default: a random one. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How long a stream may be idle before it sends {@code : keepalive}. Default 30 s. */
    public Builder keepaliveInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("not positive");
      this.keepalive = interval;
      return this;
    }

    /** How long a stream may last; then it ends cleanly while the workflow runs on. Default 300 s. */
    public Builder streamTimeLimit(Duration limit) {
      if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("not positive");
      this.streamLimit = limit;
      return this;
    }

    /** Requests allowed per user, route and minute before 429. Default 120. */
    public Builder rateLimitPerMinute(int limit) {
      if (limit < 1) throw new IllegalArgumentException("limit < 1");
      this.rateLimit = limit;
      return this;
    }

    /** Which resumable-stream variant to offer. Default {@link ResumeMode#NONE}, like the real gateway. */
    public Builder resumeMode(ResumeMode mode) {
      this.resumeMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * The logical clock's start for {@code createdAt} values. Default 2025-01-20T00:05:39Z
     * (1737331539), so seeded runs repeat exactly.
     */
    public Builder startTime(Instant start) {
      this.startTime = Objects.requireNonNull(start, "start");
      this.wallClock = false;
      return this;
    }

    /** Uses the real clock for {@code createdAt} values (for demos) instead of the logical one. */
    public Builder wallClock() {
      this.wallClock = true;
      return this;
    }

    /** The port to listen on; default 0, a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The address to listen on; default {@code 127.0.0.1}. Use {@code 0.0.0.0} to listen everywhere. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Starts a server with this configuration.
     *
     * @throws UncheckedIOException if it cannot listen
     */
    public FakeChatbotServer start() {
      try {
        return new FakeChatbotServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
