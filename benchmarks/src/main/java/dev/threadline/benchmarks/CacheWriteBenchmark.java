package dev.threadline.benchmarks;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadStore;
import dev.threadline.Workflow;
import dev.threadline.internal.StoreWriter;
import dev.threadline.store.sqlite.SqliteThreadStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.sqlite.SQLiteConfig;

/**
 * Benchmark 4, cache writes: {@code items} items of one thread (realistic sizes) persisted into SQLite,
 * each call into a thread not stored yet. Score: milliseconds per call (the runner reports items per second).
 *
 * <ul>
 *   <li>{@link #ours}: the client's path. The engine hands the writer one {@link ThreadChange} per stream
 *       event (the workflow plus that one item); {@link StoreWriter} (200 items / 50 ms, the client's
 *       defaults) batches them into {@link SqliteThreadStore#apply} transactions. Timed until
 *       {@link StoreWriter#whenWritten} says everything is committed.
 *   <li>{@link #raw}: plain sqlite-jdbc on a file with the same schema and the same connection settings
 *       (WAL, {@code synchronous=NORMAL}, foreign keys on): the workflow row once, then the same item rows
 *       with a batched {@code INSERT}, committed every 200 rows (the writer's batch size).
 *   <li>{@link #oursCoalesced}: the fix proposed in README: the same writer, over a store that first merges
 *       each batch's consecutive changes of one thread (when the later has no removals) into one change.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CacheWriteBenchmark {
  /** Items per call; the runner turns milliseconds per call into items per second. */
  @Param({"10000"})
  public int items;

  private List<ChatItem> thread;

  private Path directory;
  private SqliteThreadStore store;
  private ThreadStore coalescing;
  private Connection raw;
  private PreparedStatement rawWorkflow;
  private PreparedStatement rawItem;
  private final AtomicInteger errors = new AtomicInteger();
  private int threadNumber;

  @Setup(Level.Trial)
  public void generate() {
    thread = Fixtures.streamOfItems(items, 11).items;
  }

  @Setup(Level.Iteration)
  public void open() throws IOException, SQLException {
    directory = Files.createTempDirectory("threadline-bench-writes");
    store = SqliteThreadStore.openFile(directory.resolve("ours.db"));
    coalescing = new CoalescingStore(store);
    // The same schema: let the store create it, then write with plain JDBC.
    Path rawFile = directory.resolve("raw.db");
    SqliteThreadStore.openFile(rawFile).close();
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.enforceForeignKeys(true);
    raw = config.createConnection("jdbc:sqlite:" + rawFile.toAbsolutePath());
    rawWorkflow = raw.prepareStatement("INSERT INTO workflows (id, json, last_activity) VALUES (?, ?, ?)");
    rawItem = raw.prepareStatement("INSERT INTO items (workflow_id, identity_key, type, created_at, round_number, "
        + "item_json, seq) VALUES (?, ?, ?, ?, ?, ?, ?)");
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException, SQLException {
    store.close();
    raw.close();
    if (errors.get() > 0) throw new IllegalStateException(errors.get() + " store errors");
    try (var files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) Files.deleteIfExists(file);
    }
    Files.deleteIfExists(directory);
  }

  @Benchmark
  public void ours() throws InterruptedException {
    writeThroughWriter(store);
  }

  @Benchmark
  public void oursCoalesced() throws InterruptedException {
    writeThroughWriter(coalescing);
  }

  private void writeThroughWriter(ThreadStore target) throws InterruptedException {
    Workflow workflow = nextWorkflow();
    StoreWriter writer = new StoreWriter(target, 200, 50, e -> errors.incrementAndGet());
    List<String> none = Collections.emptyList();
    for (ChatItem item : thread) writer.write(new ThreadChange(workflow, Collections.singletonList(item), none));
    CountDownLatch written = new CountDownLatch(1);
    writer.whenWritten(written::countDown);
    if (!written.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("writer stuck");
    // Not closed: closing the writer closes the store. Its thread ends by itself with the queue empty.
  }

  @Benchmark
  public void raw() throws SQLException {
    Workflow workflow = nextWorkflow();
    try (Statement begin = raw.createStatement()) {
      begin.execute("BEGIN IMMEDIATE");
      rawWorkflow.setString(1, workflow.id());
      rawWorkflow.setString(2, workflow.json());
      rawWorkflow.setDouble(3, workflow.lastActivity().toDouble());
      rawWorkflow.executeUpdate();
      int inBatch = 0;
      long seq = 0;
      for (ChatItem item : thread) {
        rawItem.setString(1, workflow.id());
        rawItem.setString(2, item.identityKey());
        rawItem.setString(3, item.type());
        rawItem.setString(4, item.createdAt().toString());
        if (item.roundNumber() == null) rawItem.setNull(5, Types.INTEGER); else rawItem.setInt(5, item.roundNumber());
        rawItem.setString(6, item.itemJson());
        rawItem.setLong(7, ++seq);
        rawItem.addBatch();
        if (++inBatch == 200) {
          rawItem.executeBatch();
          begin.execute("COMMIT");
          begin.execute("BEGIN IMMEDIATE");
          inBatch = 0;
        }
      }
      if (inBatch > 0) rawItem.executeBatch();
      begin.execute("COMMIT");
    }
  }

  private Workflow nextWorkflow() {
    String json = Fixtures.workflow(thread).json();
    return Workflow.fromJson(json.replace(Fixtures.WORKFLOW_ID, "wf_bench_" + (++threadNumber)));
  }

  /**
   * The proposed fix, as a store wrapper: consecutive changes of one thread become one change (the latest
   * workflow; removals then upserts in order), as long as the later change removes nothing, so the order
   * "removals before upserts" within a change keeps its meaning.
   */
  static final class CoalescingStore implements ThreadStore {
    private final ThreadStore delegate;

    CoalescingStore(ThreadStore delegate) {
      this.delegate = delegate;
    }

    static List<ThreadChange> coalesce(List<ThreadChange> changes) {
      List<ThreadChange> out = new ArrayList<>(changes.size());
      int i = 0;
      while (i < changes.size()) {
        ThreadChange first = changes.get(i);
        int j = i + 1;
        while (j < changes.size() && changes.get(j).workflowId().equals(first.workflowId())
            && changes.get(j).removedKeys().isEmpty()) {
          j++;
        }
        if (j == i + 1) {
          out.add(first);
        } else {
          List<ChatItem> upserts = new ArrayList<>();
          for (int k = i; k < j; k++) upserts.addAll(changes.get(k).upserts());
          out.add(new ThreadChange(changes.get(j - 1).workflow(), upserts, first.removedKeys()));
        }
        i = j;
      }
      return out;
    }

    @Override public void apply(List<ThreadChange> changes) {
      delegate.apply(coalesce(changes));
    }

    @Override public List<Workflow> loadThreads(int offset, int limit) {
      return delegate.loadThreads(offset, limit);
    }

    @Override public ChatThread loadThread(String workflowId) {
      return delegate.loadThread(workflowId);
    }

    @Override public void deleteThread(String workflowId) {
      delegate.deleteThread(workflowId);
    }

    @Override public void clear() {
      delegate.clear();
    }

    @Override public List<dev.threadline.QueuedPrompt> loadQueuedPrompts() {
      return delegate.loadQueuedPrompts();
    }

    @Override public void queuePrompt(dev.threadline.QueuedPrompt prompt) {
      delegate.queuePrompt(prompt);
    }

    @Override public boolean removeQueuedPrompt(String id) {
      return delegate.removeQueuedPrompt(id);
    }

    @Override public void close() {
      delegate.close();
    }
  }

}
