package dev.threadline.benchmarks;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.threadline.ChatItem;
import dev.threadline.ConnectionState;
import dev.threadline.MalformedResponseException;
import dev.threadline.ThreadState;
import dev.threadline.internal.Delivery;
import dev.threadline.internal.SseReader;
import dev.threadline.internal.StreamSession;
import dev.threadline.internal.ThreadMerger;
import dev.threadline.internal.ThreadModel;
import java.io.IOException;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import okhttp3.sse.internal.ServerSentEventReader;
import okio.Buffer;
import okio.ByteString;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Benchmark 1, stream pipeline throughput: the bytes of a recorded stream of {@code events} events, read
 * from an okio {@link Buffer}: by okhttp-sse's {@link ServerSentEventReader} for the baseline, by the SDK's own
 * {@link SseReader} (which replaced it: okhttp-sse's loops for ever on a lone CR) for ours.
 *
 * <ul>
 *   <li>{@link #baseline}: each {@code data:} payload decoded by Moshi's {@code JsonAdapter<Object>} into
 *       maps, lists, strings and doubles, and nothing else. The untyped adapter reads every byte and
 *       allocates for every value, as any decoder must; a typed adapter would need a Java class pinning
 *       the {@code item} fields, which the protocol says vary and must round-trip, so it is not an option
 *       for the SDK either.
 *   <li>{@link #ours}: what the SDK does per event ({@code StreamSession} on the network thread, then
 *       {@code ThreadEngine.ThreadController.onStreamItem}): {@link StreamSession#decode}, a
 *       {@link ThreadMerger#merge} into the thread's persistent model (identity, dedup, order), and for each
 *       change a {@link ThreadState} snapshot offered to an observer through {@link Delivery} on a direct
 *       executor. Not included: the hop to the engine thread and the store write (benchmarks 2 and 4).
 * </ul>
 * Score: milliseconds per whole stream; the runner turns it into events/s and MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PipelineBenchmark {
  /** The SDK's default event size limit. */
  private static final long MAX_EVENT_BYTES = 4L << 20;

  @Param({"10000", "100000"})
  public int events;

  private byte[] bytes;
  private Buffer buffer;
  private final JsonAdapter<Object> moshi = new Moshi.Builder().build().adapter(Object.class);

  @Setup(Level.Trial)
  public void record() {
    bytes = Fixtures.stream(events, 42).bytes;
  }

  /** A fresh buffer of the recorded bytes per call, filled outside the timing (ops take milliseconds). */
  @Setup(Level.Invocation)
  public void refill() {
    buffer = new Buffer().write(bytes);
  }

  /** The recorded stream's size in bytes. */
  public static long bytes(int events) {
    return Fixtures.stream(events, 42).bytes.length;
  }

  @Benchmark
  public void baseline(Blackhole blackhole) throws IOException {
    ServerSentEventReader reader = new ServerSentEventReader(buffer, new ServerSentEventReader.Callback() {
      @Override public void onEvent(String id, String type, String data) {
        try {
          blackhole.consume(moshi.fromJson(data));
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

  @Benchmark
  public ThreadModel ours(Blackhole blackhole) throws IOException {
    OursPipeline pipeline = new OursPipeline(blackhole);
    SseReader reader = new SseReader(buffer, MAX_EVENT_BYTES, pipeline);
    while (reader.processNextEvent()) {
      // events go to the callback
    }
    return pipeline.model;
  }

  /** The SDK's per-event path, in one thread. */
  static final class OursPipeline implements SseReader.Callback {
    private final Delivery<ThreadState> delivery;
    ThreadModel model = ThreadModel.EMPTY.withWorkflow(Fixtures.workflow(Collections.emptyList()));
    int delivered;

    OursPipeline(Blackhole blackhole) {
      delivery = new Delivery<>(Runnable::run, state -> {
        delivered++;
        // An observer looks at the newest item, as a chat UI does.
        blackhole.consume(state.items().get(state.items().size() - 1));
      }, error -> {
        throw new IllegalStateException(error);
      }, closed -> { }, thrown -> {
        throw new IllegalStateException(thrown);
      });
    }

    @Override public void onEvent(String id, String type, ByteString data) {
      ChatItem item;
      try {
        item = StreamSession.decode(data);
      } catch (MalformedResponseException e) {
        throw new IllegalStateException(e);
      }
      if (item.workflowId() != null && !item.workflowId().equals(Fixtures.WORKFLOW_ID)) return;
      ThreadMerger.Result result = ThreadMerger.merge(model, Collections.singletonList(item));
      model = result.model;
      if (result.itemsChanged()) {
        delivery.offer(ThreadState.builder()
            .workflowId(Fixtures.WORKFLOW_ID)
            .workflow(model.workflow())
            .items(model.items())
            .connection(ConnectionState.STREAMING)
            .fromCache(false)
            .build());
      }
    }

    @Override public void onRetry(long millis) {}
  }
}
