package dev.threadline.conformance;

import dev.threadline.testkit.Round;
import dev.threadline.testkit.internal.JsonText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The backend's real route code ({@code server/routeFeatureChatbot.py}, vendored unchanged) running under
 * FastAPI and uvicorn in a child process of this JVM, with our stand-ins for the modules it imports
 * ({@code server/modules}) and test-control routes under {@code /_control}.
 *
 * <p>Start one per test class ({@link RealBackendExtension} does), not per test: a start costs about a
 * second. The server binds a free loopback port; {@link #baseUrl()} is its root, the routes live under
 * {@code api/chatbot/}. Users are made by {@link #token(String)}. The server's log goes to
 * {@link #logFile()}.
 *
 * <p>With a time scale N the server's event loop runs N times faster than real time, so the route's fixed
 * 30 s keepalive and 300 s stream limit (and its 5 s status check, 1 s queue wait, the event manager's 60 s
 * queue cleanup) take 1/N of that; durations given to this class (round thinking times) are real time.
 * The rate limiter (120 per user and route per minute) runs on real time.
 *
 * <p>The process is stopped by its own handle in {@link #close()}, and at the latest when the JVM exits.
 */
public final class RealBackend implements AutoCloseable {
  private static final String READY_PREFIX = "THREADLINE_BACKEND_PORT=";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final MediaType JSON = MediaType.get("application/json");

  private final Process process;
  private final Thread shutdownHook;
  private final HttpUrl baseUrl;
  private final double timeScale;
  private final Path logFile;
  private final OkHttpClient control = new OkHttpClient();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  private RealBackend(Process process, Thread shutdownHook, int port, double timeScale, Path logFile) {
    this.process = process;
    this.shutdownHook = shutdownHook;
    this.baseUrl = HttpUrl.get("http://127.0.0.1:" + port + "/");
    this.timeScale = timeScale;
    this.logFile = logFile;
  }

  /** Starts a server on real time. */
  public static RealBackend start() {
    return start(1.0);
  }

  /**
   * Starts a server whose event loop runs {@code timeScale} times faster than real time.
   *
   * @throws IllegalStateException when no Python with FastAPI and uvicorn is installed (the message names
   *     the packages), or the server does not come up (the message holds the end of its log)
   */
  public static RealBackend start(double timeScale) {
    if (!(timeScale >= 1.0)) throw new IllegalArgumentException("timeScale < 1: " + timeScale);
    String python = PythonInterpreter.find();
    Path serverDir = Paths.get(System.getProperty("threadline.backendDir", "server")).toAbsolutePath();
    Path logDir = Paths.get(System.getProperty("threadline.backendLogDir", "target/backend-logs"));
    Process process;
    Path logFile;
    try {
      Files.createDirectories(logDir);
      logFile = Files.createTempFile(logDir, "backend-", ".log");
      process = new ProcessBuilder(python, "-B", "app.py", "--time-scale", Double.toString(timeScale))
          .directory(serverDir.toFile())
          .redirectError(logFile.toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the backend in " + serverDir, e);
    }
    Thread hook = new Thread(process::destroyForcibly, "threadline-backend-stopper");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      int port = awaitPort(process, logFile);
      return new RealBackend(process, hook, port, timeScale, logFile);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      Runtime.getRuntime().removeShutdownHook(hook);
      throw e;
    }
  }

  /** Reads the server's stdout until it names its port; keeps draining it afterwards. */
  private static int awaitPort(Process process, Path logFile) {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith(READY_PREFIX)) port.complete(Integer.parseInt(line.substring(READY_PREFIX.length())));
        }
      } catch (IOException | RuntimeException e) {
        port.completeExceptionally(e);
      }
      port.completeExceptionally(new IllegalStateException("the backend exited"));
    }, "threadline-backend-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      return port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the backend did not start: " + logTail(logFile), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the backend started", e);
    }
  }

  private static String logTail(Path logFile) {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The server's root URL, e.g. {@code http://127.0.0.1:41234/}; the routes are under {@code api/chatbot/}. */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** How many times faster than real time the server's event loop runs. */
  public double timeScale() {
    return timeScale;
  }

  /** The real time that {@code serverSeconds} of the server's clock take. */
  public Duration realTime(double serverSeconds) {
    return Duration.ofNanos((long) (serverSeconds * 1e9 / timeScale));
  }

  /** The route's keepalive interval (30 s of the server's clock) in real time. */
  public Duration keepaliveInterval() {
    return realTime(30);
  }

  /** The route's stream time limit (300 s of the server's clock) in real time. */
  public Duration streamTimeLimit() {
    return realTime(300);
  }

  /** The server's log (its stderr). */
  public Path logFile() {
    return logFile;
  }

  /**
   * The bearer token of {@code user} ({@code token-<user>}), registered with the server on first use.
   * Send it as {@code Authorization: Bearer <token>} (or as the cookie {@code session=<token>}).
   */
  public String token(String user) {
    return tokens.computeIfAbsent(user, name -> {
      String token = "token-" + name;
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("token", token);
      body.put("user", name);
      control("tokens", body);
      return token;
    });
  }

  /**
   * The next {@code POST /start/stream} (of any user) plays {@code round}: its logs, its answer or failure,
   * its thinking time (real time, scaled to the server's clock). Scripted rounds are taken in order;
   * unscripted rounds answer like the testkit's.
   */
  public void scriptNextRound(Round round) {
    scriptNextRound(round, Duration.ZERO);
  }

  /** Like {@link #scriptNextRound(Round)}, with a pause of {@code pacing} (real time) before each step. */
  public void scriptNextRound(Round round, Duration pacing) {
    Map<String, Object> body = roundBody(round);
    body.put("pacing", serverSeconds(pacing));
    control("rounds", body);
  }

  /**
   * The next round fails with {@code message} and an {@code error} event of step {@code step}; the route
   * ends its streams only for step {@code error}.
   */
  public void scriptNextFailure(String message, int logs, String step) {
    Map<String, Object> body = roundBody(Round.failure(message).logs(logs));
    body.put("errorStep", step);
    control("rounds", body);
  }

  private Map<String, Object> roundBody(Round round) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reply", round.text());
    body.put("fail", round.failureMessage());
    body.put("logs", round.logCount());
    body.put("logUpdate", round.updatesLog());
    body.put("thinking", serverSeconds(round.thinkingTime()));
    return body;
  }

  /** {@code realTime} in seconds of the server's clock, as JSON. */
  private JsonText.Num serverSeconds(Duration realTime) {
    return JsonText.Num.pyFloat(BigDecimal.valueOf(realTime.toNanos() / 1e9 * timeScale));
  }

  /**
   * Stores a finished workflow of {@code user} without items.
   *
   * @param workflowMode e.g. {@code Chatbot}, or another mode (then DELETE answers 400 and lists leave it out)
   * @param maxSteps the stored {@code maxSteps}, null for none
   * @return its id
   */
  public String createWorkflow(String user, String name, String workflowMode, Integer maxSteps) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user", user);
    body.put("name", name);
    body.put("workflowMode", workflowMode);
    body.put("maxSteps", maxSteps);
    return Json.stringAt(Json.parse(control("workflows", body)), "id");
  }

  /** From now on the caller may not delete {@code workflowId}: DELETE answers 403. */
  public void markNotDeletable(String workflowId) {
    control("workflows/" + workflowId + "/not-deletable", new LinkedHashMap<>());
  }

  /** Forgets every workflow, scripted round, event queue and rate-limit count; tokens stay registered. */
  public void reset() {
    control("reset", new LinkedHashMap<>());
  }

  private String control(String path, Map<String, Object> body) {
    Request request = new Request.Builder()
        .url(baseUrl.resolve("_control/" + path))
        .post(RequestBody.create(Json.write(body), JSON))
        .build();
    try (Response response = control.newCall(request).execute()) {
      String text = response.body().string();
      if (response.code() != 200) throw new IllegalStateException("control " + path + ": " + response.code() + " " + text);
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("control " + path + " failed; backend log " + logFile, e);
    }
  }

  /** Stops the server (its own process, by handle); waits up to 10 s for it to exit. */
  @Override public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook runs anyway and finds the process gone.
    }
    control.dispatcher().executorService().shutdown();
    control.connectionPool().evictAll();
  }

  @Override public String toString() {
    return "RealBackend(" + baseUrl + ", time x" + timeScale + ", log " + logFile + ")";
  }
}
