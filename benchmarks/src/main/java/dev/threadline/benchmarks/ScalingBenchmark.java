package dev.threadline.benchmarks;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.internal.ThreadMerger;
import dev.threadline.internal.ThreadModel;
import dev.threadline.internal.wire.CanonicalJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Benchmark 5, scaling: a re-read of a thread of {@code n} items merged into a model that already holds
 * them ({@link ThreadMerger#resync}), as after every reconnect. The re-read's items are fresh objects,
 * parsed again from their JSON, equal to the held ones but not the same instances, as from the network.
 *
 * <ul>
 *   <li>{@code change = same}: nothing changed (the common re-read: all duplicates).
 *   <li>{@code change = respelled}: nothing changed, but the held items came from the stream (Python's
 *       spaced, ASCII-escaped spelling) and the re-read is in the REST routes' compact UTF-8 spelling, as
 *       after every stream that ends with a re-read: equal items, different text.
 *   <li>{@code change = oneChanged}: one item in the middle changed (a log's progress moved on): the
 *       model replaces that one item, the rest of its structure is shared.
 * </ul>
 * {@link Baseline#baseline} is the least any dedup of a re-read must do: an identity key per item, a hash lookup and
 * an equality check against what is held (a {@link HashMap} of the held items). Its own 100k/10k ratio
 * shows how much of any super-linearity is the machine's caches rather than the algorithm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScalingBenchmark {
  @Param({"1000", "10000", "100000"})
  public int n;

  @Param({"same", "respelled", "oneChanged"})
  public String change;

  private ThreadModel held;
  private ChatThread reread;

  @Setup(Level.Trial)
  public void setUp() {
    ChatThread thread = Fixtures.thread(n, 7);
    held = ThreadMerger.resync(ThreadModel.EMPTY, thread).model;
    List<ChatItem> fresh = new ArrayList<>(n);
    for (ChatItem item : thread.items()) {
      fresh.add(change.equals("respelled")
          ? ChatItem.of(item.type(), item.createdAt(), compact(item.itemJson()))
          : ChatItem.fromJson(item.toJson()));
    }
    if (change.equals("oneChanged")) {
      int middle = n / 2;
      ChatItem item = fresh.get(middle);
      String json = item.itemJson();
      fresh.set(middle, ChatItem.of(item.type(), item.createdAt(), json.substring(0, json.length() - 1)
          + ",\"revised\":true}"));
    }
    reread = new ChatThread(thread.workflow(), fresh);
  }

  /** The REST routes' spelling of an item: compact, UTF-8 (Moshi writes what Starlette writes here). */
  static String compact(String json) {
    return CanonicalJson.text(json);
  }

  @Benchmark
  public ThreadMerger.Result ours() {
    return ThreadMerger.resync(held, reread);
  }

  /** The baseline, separate so that it runs once per {@code n} (it does not depend on {@code change}). */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public static class Baseline {
    @Param({"1000", "10000", "100000"})
    public int n;

    private ChatThread reread;
    private Map<String, ChatItem> heldByKey;

    @Setup(Level.Trial)
    public void setUp() {
      ChatThread thread = Fixtures.thread(n, 7);
      List<ChatItem> fresh = new ArrayList<>(n);
      for (ChatItem item : thread.items()) fresh.add(ChatItem.fromJson(item.toJson()));
      reread = new ChatThread(thread.workflow(), fresh);
      heldByKey = new HashMap<>(n * 2);
      for (ChatItem item : thread.items()) heldByKey.put(item.identityKey(), item);
    }

    @Benchmark
    public int baseline() {
      int duplicates = 0;
      for (ChatItem item : reread.items()) {
        ChatItem seen = heldByKey.get(item.identityKey());
        if (seen != null && seen.equals(item)) duplicates++;
      }
      return duplicates;
    }
  }
}
