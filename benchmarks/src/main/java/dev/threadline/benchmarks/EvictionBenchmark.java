package dev.threadline.benchmarks;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadStore;
import dev.threadline.Workflow;
import dev.threadline.store.sqlite.SqliteThreadStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Eviction of a full cache: an SQLite cache filled to its size limit with threads of {@link #ITEMS} items,
 * and one more thread written. Score: milliseconds per write.
 *
 * <ul>
 *   <li>{@link #writeAndEvict}: what the client does after a batch that leaves the store over its limit:
 *       the write ({@link ThreadStore#apply}), the size check ({@link ThreadStore#sizeBytes}) and
 *       {@link ThreadStore#evict}, which removes the least recently opened thread(s) to make room. The
 *       cache stays at its limit from call to call.
 *   <li>{@link #writeOnly}: the baseline, the same write into a copy of the same full cache without a limit
 *       (it grows by a thread per call).
 * </ul>
 * The difference is what eviction costs a write at the limit. {@link #sizeCheck} is the size check alone,
 * which the client makes after every batch it writes, within the limit or not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EvictionBenchmark {
  /** Items of each thread: a long conversation of realistic items (about 39 kB of JSON; 3,434 fill 128 MiB). */
  static final int ITEMS = 100;

  /** The cache's size limit in MiB; the client's default for persistent stores is 128. */
  @Param({"128"})
  public int limitMegabytes;

  private List<ChatItem> items;
  private Path directory;
  private SqliteThreadStore atLimit;
  private SqliteThreadStore unlimited;
  private int nextThread;

  @Setup(Level.Trial)
  public void fill() throws IOException {
    items = Fixtures.thread(ITEMS, 5).items();
    directory = Files.createTempDirectory("threadline-bench-eviction");
    long limit = limitMegabytes * 1024L * 1024L;
    Path full = directory.resolve("full.db");
    fillTo(full, limit, items).close();
    Path copy = directory.resolve("unlimited.db");
    Files.copy(full, copy);
    atLimit = SqliteThreadStore.openFile(full, limit);
    unlimited = SqliteThreadStore.openFile(copy, ThreadStore.UNLIMITED);
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    atLimit.close();
    unlimited.close();
    try (var files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) Files.deleteIfExists(file);
    }
    Files.deleteIfExists(directory);
  }

  @Benchmark
  public List<String> writeAndEvict() {
    ThreadChange change = nextThread();
    atLimit.apply(List.of(change));
    if (atLimit.sizeBytes() <= atLimit.sizeLimitBytes()) throw new IllegalStateException("the write did not fill the cache");
    // The thread just written is being answered, so the client keeps it, as it would here.
    List<String> evicted = atLimit.evict(Collections.singleton(change.workflowId()));
    if (evicted.isEmpty()) throw new IllegalStateException("nothing evicted");
    return evicted;
  }

  /** The size check alone, which the client makes after every batch it writes. */
  @Benchmark
  public long sizeCheck() {
    return atLimit.sizeBytes();
  }

  @Benchmark
  public void writeOnly() {
    unlimited.apply(List.of(nextThread()));
  }

  private ThreadChange nextThread() {
    return threadChange("new-" + String.format(Locale.ROOT, "%08d", nextThread++), items);
  }

  /**
   * A store in {@code file} holding threads {@code old-…} of {@code items}, as many as fit within
   * {@code limit} bytes, written a hundred threads per transaction; each was opened once, in order.
   */
  static SqliteThreadStore fillTo(Path file, long limit, List<ChatItem> items) {
    SqliteThreadStore store = SqliteThreadStore.openFile(file, limit);
    long perThread = payload(threadChange("old-00000000", items));
    long threads = limit / perThread;
    for (long written = 0; written < threads; ) {
      List<ThreadChange> batch = new ArrayList<>();
      for (int i = 0; i < 100 && written < threads; i++, written++) {
        batch.add(threadChange("old-" + String.format(Locale.ROOT, "%08d", written), items));
      }
      store.apply(batch);
      for (ThreadChange change : batch) store.markOpened(change.workflowId());
    }
    return store;
  }

  private static ThreadChange threadChange(String id, List<ChatItem> items) {
    Workflow workflow = Workflow.fromJson(Fixtures.workflow(items).json().replace(Fixtures.WORKFLOW_ID, id));
    return new ThreadChange(workflow, items, Collections.emptyList());
  }

  private static long payload(ThreadChange change) {
    long bytes = utf8(change.workflow().json());
    for (ChatItem item : change.upserts()) bytes += utf8(item.itemJson());
    return bytes;
  }

  private static long utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Runs the benchmark and adds its row to {@code report}, with the cache file's size per payload byte. */
  static void measure(Main.Report report, boolean smoke) throws RunnerException {
    String limit = smoke ? "8" : "128";
    Collection<RunResult> results = new Runner(Main.options(smoke, 1, 5, 3, 5, 1)
        .include(EvictionBenchmark.class.getName() + "\\.")
        .param("limitMegabytes", limit)
        .build()).run();
    Main.Score ours = Main.score(results, "EvictionBenchmark.writeAndEvict", "limitMegabytes", limit);
    Main.Score base = Main.score(results, "EvictionBenchmark.writeOnly", "limitMegabytes", limit);
    report.row("4. Cache eviction, one " + ITEMS + "-item thread written into a full " + limit + " MiB cache",
        String.format(Locale.ROOT, "%.2f ms", ours.value), String.format(Locale.ROOT, "%.2f ms", base.value),
        ours.value / base.value, "", null, String.format(Locale.ROOT,
            "ours = write + size check + evict; baseline = the same write, no limit; file %.2f× payload",
            fileBytesPerPayloadByte()));
  }

  /** The SQLite file's size per payload byte (what the limit counts), for a 16 MiB cache. */
  private static double fileBytesPerPayloadByte() {
    try {
      return fileBytesPerPayloadByte(Files.createTempDirectory("threadline-bench-file-size"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double fileBytesPerPayloadByte(Path dir) throws IOException {
    Path file = dir.resolve("cache.db");
    List<ChatItem> items = Fixtures.thread(ITEMS, 5).items();
    double ratio;
    try (SqliteThreadStore store = fillTo(file, 16L * 1024 * 1024, items)) {
      long payload = store.sizeBytes();
      store.close();
      ratio = (double) Files.size(file) / payload;
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
    }
    Files.deleteIfExists(dir);
    return ratio;
  }
}
