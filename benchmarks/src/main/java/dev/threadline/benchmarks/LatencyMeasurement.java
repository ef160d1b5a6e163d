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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.internal.ServerSentEventReader;
import okio.BufferedSink;

/**
 * Benchmark 2, end-to-end latency on loopback. A {@link MockWebServer} streams one event at a time as
 * chunked SSE, paced, and records {@link System#nanoTime()} right before each event's {@code flush()}, keyed
 * by the sequence number in the item's id; the receiving side takes the time when it is called with that
 * item. Same JVM, so the clocks are one.
 *
 * <ul>
 *   <li>ours: a {@link ChatbotClient} ({@code callbackExecutor(Runnable::run)}) sends a prompt and observes
 *       the call; the path is OkHttp's reader thread (SSE parse, decode), the engine's serial thread
 *       (merge, snapshot), and the observer called on it.
 *   <li>baseline: a plain OkHttp call read with okhttp-sse's {@code ServerSentEventReader} and each event
 *       decoded with Moshi to a {@code Map}, on the reading thread.
 * </ul>
 * Both sides run in alternating chunks, so the machine's noise falls on both alike.
 */
public final class LatencyMeasurement {
  /** Percentiles of one side, in microseconds, and the spread of p99 over chunks. */
  public static final class Percentiles {
    public final int count;
    public final double p50Micros;
    public final double p99Micros;
    public final double p999Micros;
    public final double maxMicros;
    public final double p99MinChunkMicros;
    public final double p99MaxChunkMicros;

    Percentiles(long[] nanos, double[] chunkP99) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      count = sorted.length;
      p50Micros = at(sorted, 0.50) / 1e3;
      p99Micros = at(sorted, 0.99) / 1e3;
      p999Micros = at(sorted, 0.999) / 1e3;
      maxMicros = sorted[sorted.length - 1] / 1e3;
      double[] chunks = chunkP99.clone();
      Arrays.sort(chunks);
      p99MinChunkMicros = chunks[0];
      p99MaxChunkMicros = chunks[chunks.length - 1];
    }

    static long at(long[] sorted, double quantile) {
      int index = (int) Math.ceil(quantile * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }

  /** The two sides' results. */
  public static final class Result {
    public final Percentiles ours;
    public final Percentiles baseline;

    Result(Percentiles ours, Percentiles baseline) {
      this.ours = ours;
      this.baseline = baseline;
    }
  }

  private final int eventsPerSide;
  private final int chunks;
  private final long pacingNanos;
  private final int warmup;

  /**
   * @param eventsPerSide measured events per side (warm-up comes on top)
   * @param chunks how many alternating chunks each side's events are split into
   * @param pacingNanos the pause after each flushed event, so the figure is latency and not queueing
   * @param warmup events per side streamed first, not counted
   */
  public LatencyMeasurement(int eventsPerSide, int chunks, long pacingNanos, int warmup) {
    this.eventsPerSide = eventsPerSide;
    this.chunks = chunks;
    this.pacingNanos = pacingNanos;
    this.warmup = warmup;
  }

  public Result run() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      Streams streams = new Streams();
      server.setDispatcher(streams);
      server.start();
      OkHttpClient http = new OkHttpClient();
      int perChunk = Math.max(1, eventsPerSide / chunks);
      // Warm-up: both paths compiled before anything counts.
      streams.next = new Run(warmup, pacingNanos / 4);
      ours(server, streams.next);
      streams.next = new Run(warmup, pacingNanos / 4);
      baseline(server, http, streams.next);
      long[] ours = new long[perChunk * chunks];
      long[] baseline = new long[perChunk * chunks];
      double[] oursP99 = new double[chunks];
      double[] baselineP99 = new double[chunks];
      for (int chunk = 0; chunk < chunks; chunk++) {
        streams.next = new Run(perChunk, pacingNanos);
        long[] o = ours(server, streams.next);
        streams.next = new Run(perChunk, pacingNanos);
        long[] b = baseline(server, http, streams.next);
        System.arraycopy(o, 0, ours, chunk * perChunk, perChunk);
        System.arraycopy(b, 0, baseline, chunk * perChunk, perChunk);
        oursP99[chunk] = p99Micros(o);
        baselineP99[chunk] = p99Micros(b);
      }
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
      return new Result(new Percentiles(ours, oursP99), new Percentiles(baseline, baselineP99));
    }
  }

  static double p99Micros(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return Percentiles.at(sorted, 0.99) / 1e3;
  }

  /** Through the SDK: send, observe, the observer called on the direct executor. */
  private static long[] ours(MockWebServer server, Run run) throws Exception {
    ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/")).callbackExecutor(Runnable::run).build();
    try {
      SendCall call = client.send(UserInput.of("How fast is this?"));
      Subscription subscription = call.observe(state -> run.observed(state));
      if (!run.allSeen.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("ours: saw " + run.seen + " of " + run.count + " events");
      }
      subscription.close();
    } finally {
      run.release.countDown();
      client.close();
    }
    return run.latencies;
  }

  /** okhttp-sse and Moshi, nothing else, on the reading thread. */
  private static long[] baseline(MockWebServer server, OkHttpClient http, Run run) throws Exception {
    JsonAdapter<Object> moshi = new Moshi.Builder().build().adapter(Object.class);
    Request request = new Request.Builder().url(server.url("/baseline")).build();
    try (Response response = http.newCall(request).execute()) {
      ServerSentEventReader reader = new ServerSentEventReader(response.body().source(),
          new ServerSentEventReader.Callback() {
            @Override public void onEvent(String id, String type, String data) {
              try {
                @SuppressWarnings("unchecked")
                Map<String, Object> event = (Map<String, Object>) moshi.fromJson(data);
                @SuppressWarnings("unchecked")
                Map<String, Object> item = (Map<String, Object>) event.get("item");
                run.received((String) item.get("id"));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            }

            @Override public void onRetryChange(long timeMs) {}
          });
      while (run.seen < run.count && reader.processNextEvent()) {
        // events go to the callback
      }
      if (run.seen < run.count) throw new IllegalStateException("baseline: saw " + run.seen + " of " + run.count);
    } finally {
      run.release.countDown();
    }
    return run.latencies;
  }

  /** One stream: what the server flushed when, and what the receiver saw when. */
  static final class Run {
    final int count;
    final long pacingNanos;
    final AtomicLongArray flushedAt;
    final long[] latencies;
    final CountDownLatch allSeen = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile int seen;
    private int lastSeq;

    Run(int count, long pacingNanos) {
      this.count = count;
      this.pacingNanos = pacingNanos;
      this.flushedAt = new AtomicLongArray(count + 1);
      this.latencies = new long[count];
    }

    void observed(ThreadState state) {
      List<ChatItem> items = state.items();
      if (items.isEmpty()) return;
      ChatItem last = items.get(items.size() - 1);
      if (last.isPending() || last.id() == null) return;
      received(last.id());
    }

    void received(String id) {
      long now = System.nanoTime();
      int seq = Integer.parseInt(id.substring(id.lastIndexOf('_') + 1));
      if (seq <= lastSeq) return; // a state without a new item (e.g. a connection change)
      for (int s = lastSeq + 1; s <= seq; s++) {
        // Conflated states would skip events; each skipped one is delivered now, so it counts now.
        if (s >= 1) latencies[s - 1] = now - flushedAt.get(s);
      }
      lastSeq = seq;
      seen = seq;
      if (seq == count) allSeen.countDown();
    }
  }

  /** Serves the next {@link Run}: {@code POST /api/chatbot/start/stream} (ours) or {@code /baseline}. */
  static final class Streams extends Dispatcher {
    volatile Run next;

    @Override public MockResponse dispatch(RecordedRequest request) {
      String path = request.getUrl().encodedPath();
      if (!path.endsWith("/start/stream") && !path.equals("/baseline")) {
        // The client re-reads the thread after a stream; by then the run is over.
        return new MockResponse.Builder().code(503).build();
      }
      Run run = next;
      return new MockResponse.Builder()
          .code(200)
          .removeHeader("Content-Length")
          .setHeader("content-type", "text/event-stream; charset=utf-8")
          .setHeader("cache-control", "no-cache")
          .setHeader("transfer-encoding", "chunked")
          .body(new EventBody(run))
          .build();
    }
  }

  /** Chunked SSE, one event per chunk, each flushed alone. */
  static final class EventBody implements MockResponseBody {
    private final Run run;

    EventBody(Run run) {
      this.run = run;
    }

    @Override public long getContentLength() {
      return -1;
    }

    @Override public void writeTo(BufferedSink sink) throws IOException {
      long micros = 1_737_331_539_000_000L;
      // Event 0 is the server's copy of the prompt (it replaces the client's pending echo); 1..count count.
      for (int seq = 0; seq <= run.count; seq++) {
        micros += 1_000 + (seq * 7919L) % 1_000;
        byte[] bytes = ("data: " + event(seq, micros) + "\n\n").getBytes(StandardCharsets.UTF_8);
        sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n");
        sink.write(bytes);
        sink.writeUtf8("\r\n");
        run.flushedAt.set(seq, System.nanoTime());
        sink.flush();
        if (run.pacingNanos > 0) LockSupport.parkNanos(run.pacingNanos);
      }
      try {
        // Keep the stream open until the receiver has everything: its end would start a re-read.
        run.release.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sink.writeUtf8("0\r\n");
      sink.flush();
    }

    private static String event(int seq, long micros) {
      String at = (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
      String text = "Refunds are processed within five business days after the returned parcel is checked "
          + "by the warehouse team; the amount goes back to the card used for the purchase. Part " + seq + ".";
      return "{\"type\": \"message\", \"createdAt\": " + at + ", \"item\": {\"id\": \"msg_" + seq
          + "\", \"workflowId\": \"" + Fixtures.WORKFLOW_ID + "\", \"role\": \"" + (seq == 0 ? "user" : "assistant")
          + "\", \"message\": \"" + (seq == 0 ? "How fast is this?" : text) + "\", \"roundNumber\": 1, "
          + "\"sequenceNr\": " + (seq + 1) + ", \"status\": \"step\", \"documents\": []}}";
    }
  }
}
