package dev.threadline.benchmarks;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.threadline.ChatItem;
import dev.threadline.ChatbotClient;
import dev.threadline.SendCall;
import dev.threadline.Subscription;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.internal.ServerSentEventReader;

/**
 * Benchmark 7, send → first item on screen, on loopback. A {@link MockWebServer} answers every
 * {@code POST /api/chatbot/start/stream} with a new thread's round (the server's copy of the prompt, then
 * the answer; the stream ends) and the re-read that follows with the completed thread. Each send asks a
 * question of its own, as a new thread's first prompt usually is (the backend names the thread after it).
 *
 * <ul>
 *   <li>ours: one warm {@link ChatbotClient} ({@code callbackExecutor(Runnable::run)}, built once, not timed);
 *       from the call to {@code send()} to the first observer call whose state holds the server's user
 *       message (not the pending echo). Each send waits for the round's end before the next.
 *   <li>baseline: a plain OkHttp POST of the same body to the same route, read with okhttp-sse's
 *       {@code ServerSentEventReader}, from the prompt (the request is built in the span, as {@code send()}
 *       builds ours) to the first event decoded by Moshi, all on the calling thread.
 *   <li>handed off: the same plain POST, made on a worker thread the caller hands it to: the one thread
 *       hand-off ours makes on this path (no engine work runs on the app's thread, which may be Android's
 *       main thread; the rest of ours runs on that one engine thread). Not a target: it shows in the same run
 *       what that hand-off costs, so what is left beyond it is the SDK's own work.
 * </ul>
 * The sides run in alternating chunks, so the machine's noise falls on all alike.
 */
public final class FirstItemMeasurement {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final int sendsPerSide;
  private final int chunks;
  private final int warmup;

  /**
   * @param sendsPerSide sends counted per side
   * @param chunks how many alternating chunks each side's sends are split into
   * @param warmup sends per side made first, not counted
   */
  public FirstItemMeasurement(int sendsPerSide, int chunks, int warmup) {
    this.sendsPerSide = sendsPerSide;
    this.chunks = chunks;
    this.warmup = warmup;
  }

  /** The three sides' percentiles. */
  public static final class Result {
    public final LatencyMeasurement.Percentiles ours;
    public final LatencyMeasurement.Percentiles baseline;
    public final LatencyMeasurement.Percentiles handedOff;

    Result(LatencyMeasurement.Percentiles ours, LatencyMeasurement.Percentiles baseline,
        LatencyMeasurement.Percentiles handedOff) {
      this.ours = ours;
      this.baseline = baseline;
      this.handedOff = handedOff;
    }
  }

  public Result run() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Rounds());
      server.setServerSocketFactory(new NoDelayServerSockets());
      server.start();
      OkHttpClient http = new OkHttpClient();
      ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "baseline-worker");
        thread.setDaemon(true);
        return thread;
      });
      ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/")).callbackExecutor(Runnable::run).build();
      try {
        JsonAdapter<Object> moshi = new Moshi.Builder().build().adapter(Object.class);
        // Made once, as an app holds its backend's address (ours was given it once too).
        HttpUrl streamUrl = server.url("/api/chatbot/start/stream");
        AtomicInteger sends = new AtomicInteger();
        List<Side> sides = List.of(
            () -> ours(client, sends.incrementAndGet()),
            () -> baseline(http, streamUrl, moshi, sends.incrementAndGet()),
            () -> handedOff(worker, http, streamUrl, moshi, sends.incrementAndGet()));
        for (int i = 0; i < warmup; i++) {
          for (Side side : sides) side.send();
        }
        int perChunk = Math.max(1, sendsPerSide / chunks);
        long[][] all = new long[sides.size()][perChunk * chunks];
        double[][] chunkP99 = new double[sides.size()][chunks];
        for (int chunk = 0; chunk < chunks; chunk++) {
          for (int s = 0; s < sides.size(); s++) {
            long[] times = new long[perChunk];
            for (int i = 0; i < perChunk; i++) times[i] = sides.get(s).send();
            System.arraycopy(times, 0, all[s], chunk * perChunk, perChunk);
            chunkP99[s][chunk] = LatencyMeasurement.p99Micros(times);
          }
        }
        return new Result(new LatencyMeasurement.Percentiles(all[0], chunkP99[0]),
            new LatencyMeasurement.Percentiles(all[1], chunkP99[1]),
            new LatencyMeasurement.Percentiles(all[2], chunkP99[2]));
      } finally {
        client.close();
        worker.shutdown();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    }
  }

  /** One side's send: nanoseconds from the prompt to its first item. */
  private interface Side {
    long send() throws Exception;
  }

  /** One send through the warm client: nanoseconds from {@code send()} to the server's user message on screen. */
  private static long ours(ChatbotClient client, int send) throws Exception {
    AtomicLong shownAt = new AtomicLong();
    CountDownLatch shown = new CountDownLatch(1);
    long start = System.nanoTime();
    SendCall call = client.send(UserInput.of(prompt(send)));
    Subscription subscription = call.observe(state -> {
      if (shown.getCount() > 0 && holdsServerUserMessage(state)) {
        shownAt.set(System.nanoTime());
        shown.countDown();
      }
    });
    try {
      if (!shown.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("ours: the user message never showed");
      call.result().get(30, TimeUnit.SECONDS);
    } finally {
      subscription.close();
    }
    return shownAt.get() - start;
  }

  private static boolean holdsServerUserMessage(ThreadState state) {
    for (ChatItem item : state.items()) {
      if (!item.isPending() && "user".equals(item.role())) return true;
    }
    return false;
  }

  /** One plain POST on the calling thread: nanoseconds from the prompt to its first SSE event decoded. */
  private static long baseline(OkHttpClient http, HttpUrl streamUrl, JsonAdapter<Object> moshi, int send)
      throws IOException {
    long start = System.nanoTime();
    return firstEventAt(http, streamUrl, moshi, send) - start;
  }

  /** One plain POST handed to {@code worker}: nanoseconds from the prompt to its first SSE event decoded there. */
  private static long handedOff(ExecutorService worker, OkHttpClient http, HttpUrl streamUrl,
      JsonAdapter<Object> moshi, int send) throws Exception {
    long start = System.nanoTime();
    Future<Long> firstAt = worker.submit(() -> firstEventAt(http, streamUrl, moshi, send));
    return firstAt.get(30, TimeUnit.SECONDS) - start;
  }

  /**
   * Builds and makes one plain POST of prompt {@code send} and reads its stream to the end; returns the
   * {@link System#nanoTime()} at which its first event was decoded.
   */
  private static long firstEventAt(OkHttpClient http, HttpUrl streamUrl, JsonAdapter<Object> moshi, int send)
      throws IOException {
    Request request = new Request.Builder().url(streamUrl)
        .post(RequestBody.create("{\"prompt\": \"" + prompt(send) + "\", \"listFileId\": [], \"userLanguage\": \"en\"}",
            JSON))
        .build();
    long[] firstAt = new long[1];
    try (Response response = http.newCall(request).execute()) {
      ServerSentEventReader reader = new ServerSentEventReader(response.body().source(),
          new ServerSentEventReader.Callback() {
            @Override public void onEvent(String id, String type, String data) {
              try {
                Object event = moshi.fromJson(data);
                if (firstAt[0] == 0 && event instanceof Map) firstAt[0] = System.nanoTime();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            }

            @Override public void onRetryChange(long timeMs) {}
          });
      while (reader.processNextEvent()) {
        // events go to the callback
      }
    }
    if (firstAt[0] == 0) throw new IllegalStateException("baseline: no event");
    return firstAt[0];
  }

  private static String prompt(int send) {
    return "Question " + send + ": what is our refund policy?";
  }

  /** Each POST starts a new thread {@code wf_N} named after its prompt; its re-read answers with the whole thread. */
  static final class Rounds extends Dispatcher {
    private static final Pattern PROMPT = Pattern.compile("\"prompt\": ?\"([^\"]*)\"");
    private final AtomicInteger threads = new AtomicInteger();
    private final Map<String, String> prompts = new ConcurrentHashMap<>();

    @Override public MockResponse dispatch(RecordedRequest request) {
      String path = request.getUrl().encodedPath();
      if (path.endsWith("/start/stream")) {
        String workflowId = "wf_" + threads.incrementAndGet();
        Matcher prompt = PROMPT.matcher(request.getBody().utf8());
        if (!prompt.find()) return new MockResponse.Builder().code(422).build();
        prompts.put(workflowId, prompt.group(1));
        return new MockResponse.Builder()
            .setHeader("content-type", "text/event-stream; charset=utf-8")
            .setHeader("cache-control", "no-cache")
            .body("data: " + user(workflowId, prompt.group(1)) + "\n\ndata: " + answer(workflowId) + "\n\n")
            .build();
      }
      String workflowId = request.getUrl().queryParameter("workflowId");
      String prompt = workflowId == null ? null : prompts.get(workflowId);
      if (path.endsWith("/threads") && prompt != null) {
        return new MockResponse.Builder()
            .setHeader("content-type", "application/json")
            .body("{\"workflow\": {\"id\": \"" + workflowId + "\", \"name\": \"" + prompt + "\", \"status\": "
                + "\"completed\", \"currentRound\": 1, \"workflowMode\": \"Chatbot\", \"lastActivity\": "
                + "1737331540.5}, \"chatData\": {\"items\": [" + user(workflowId, prompt) + ", " + answer(workflowId) + "]}}")
            .build();
      }
      return new MockResponse.Builder().code(404).build();
    }

    private static String user(String workflowId, String prompt) {
      return "{\"type\": \"message\", \"createdAt\": 1737331539.123456, \"item\": {\"id\": \"msg_u_" + workflowId
          + "\", \"workflowId\": \"" + workflowId + "\", \"role\": \"user\", \"message\": \"" + prompt
          + "\", \"roundNumber\": 1, \"sequenceNr\": 1, \"status\": \"first\"}}";
    }

    private static String answer(String workflowId) {
      return "{\"type\": \"message\", \"createdAt\": 1737331540.5, \"item\": {\"id\": \"msg_a_" + workflowId
          + "\", \"workflowId\": \"" + workflowId + "\", \"role\": \"assistant\", \"message\": \"Refunds are "
          + "processed within five business days.\", \"roundNumber\": 1, \"sequenceNr\": 2}}";
    }
  }
}
