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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
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
 *       {@code ServerSentEventReader}, from the call to the first event decoded by Moshi.
 * </ul>
 * Both sides run in alternating chunks, so the machine's noise falls on both alike.
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

  public LatencyMeasurement.Result run() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Rounds());
      server.setServerSocketFactory(new NoDelayServerSockets());
      server.start();
      OkHttpClient http = new OkHttpClient();
      ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/")).callbackExecutor(Runnable::run).build();
      try {
        JsonAdapter<Object> moshi = new Moshi.Builder().build().adapter(Object.class);
        int sends = 0;
        for (int i = 0; i < warmup; i++) {
          ours(client, ++sends);
          baseline(http, server, moshi, ++sends);
        }
        int perChunk = Math.max(1, sendsPerSide / chunks);
        long[] ours = new long[perChunk * chunks];
        long[] baseline = new long[perChunk * chunks];
        double[] oursP99 = new double[chunks];
        double[] baselineP99 = new double[chunks];
        for (int chunk = 0; chunk < chunks; chunk++) {
          long[] o = new long[perChunk];
          long[] b = new long[perChunk];
          for (int i = 0; i < perChunk; i++) o[i] = ours(client, ++sends);
          for (int i = 0; i < perChunk; i++) b[i] = baseline(http, server, moshi, ++sends);
          System.arraycopy(o, 0, ours, chunk * perChunk, perChunk);
          System.arraycopy(b, 0, baseline, chunk * perChunk, perChunk);
          oursP99[chunk] = LatencyMeasurement.p99Micros(o);
          baselineP99[chunk] = LatencyMeasurement.p99Micros(b);
        }
        return new LatencyMeasurement.Result(new LatencyMeasurement.Percentiles(ours, oursP99),
            new LatencyMeasurement.Percentiles(baseline, baselineP99));
      } finally {
        client.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    }
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

  /** One plain POST: nanoseconds from the call to its first SSE event decoded; the rest is read, not timed. */
  private static long baseline(OkHttpClient http, MockWebServer server, JsonAdapter<Object> moshi, int send)
      throws IOException {
    Request request = new Request.Builder().url(server.url("/api/chatbot/start/stream"))
        .post(RequestBody.create("{\"prompt\": \"" + prompt(send) + "\", \"listFileId\": [], \"userLanguage\": \"en\"}",
            JSON))
        .build();
    long[] firstAt = new long[1];
    long start = System.nanoTime();
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
    return firstAt[0] - start;
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
