package dev.threadline.store.sqlite;

import dev.threadline.ChatThread;
import dev.threadline.QueuedPrompt;
import dev.threadline.StoreException;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadStore;
import dev.threadline.Workflow;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ThreadStore} in an SQLite database file: the persistent cache for desktop JVMs.
 *
 * <pre>{@code
 * ThreadStore store = SqliteThreadStore.open(appDataDir.resolve("threadline"), accountId);
 * }</pre>
 *
 * <p>One file holds one account. It is created readable and writable by its owner only (where the file
 * system has POSIX permissions) and written with write-ahead logging: a batch is stored whole or not at
 * all, a killed process loses nothing it committed, and a power cut loses at most the last batches, never
 * the file. The tables are the ones the Android store uses; {@code SCHEMA.md} describes them.
 *
 * <p>Thread-safe: writes run one at a time on one connection; reads run on a few other connections, in
 * parallel with each other and with writes, and always see whole batches. Every failure is a
 * {@link StoreException} naming the file and the cause (a full disk, a read-only file, a damaged file);
 * a failed write changes nothing, and what was stored stays readable.
 */
public final class SqliteThreadStore implements ThreadStore {
  private static final int READERS = 4;

  private final Path file;
  private final long sizeLimitBytes;
  private final ThreadWriter writer;
  private final ReaderPool readers;
  // Operations hold the read side; close() takes the write side, so it waits for running operations.
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private SqliteThreadStore(Path file, long sizeLimitBytes, ThreadWriter writer) {
    this.file = file;
    this.sizeLimitBytes = sizeLimitBytes;
    this.writer = writer;
    this.readers = new ReaderPool(file, READERS);
  }

  /**
   * Opens the store of {@code account} in {@code directory} with the
   * {@link ThreadStore#DEFAULT_SIZE_LIMIT_BYTES default size limit}; see {@link #open(Path, String, long)}.
   *
   * @throws StoreException if the directory or file cannot be created or opened, or the file was written by
   *     a newer version of this library
   */
  public static SqliteThreadStore open(Path directory, String account) {
    return open(directory, account, DEFAULT_SIZE_LIMIT_BYTES);
  }

  /**
   * Opens the store of {@code account} in {@code directory}, creating the directory (owner-only) and the
   * account's database file if they do not exist. The file name is derived from a hash of the account, so
   * any string is a safe account id and the name does not reveal it.
   *
   * @param sizeLimitBytes the payload size (see {@link #sizeBytes()}) the client keeps the cache within, by
   *     evicting the threads opened least recently; {@link ThreadStore#UNLIMITED} for no limit
   * @throws IllegalArgumentException if {@code sizeLimitBytes} is not positive
   * @throws StoreException if the directory or file cannot be created or opened, or the file was written by
   *     a newer version of this library
   */
  public static SqliteThreadStore open(Path directory, String account, long sizeLimitBytes) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(account, "account");
    try {
      OwnerOnlyFiles.createDirectories(directory);
    } catch (IOException e) {
      throw new StoreException("Cannot create the cache directory " + directory + ": " + e, e);
    }
    return openFile(AccountFiles.databaseFile(directory, account), sizeLimitBytes);
  }

  /**
   * Opens the store in database file {@code file} with the
   * {@link ThreadStore#DEFAULT_SIZE_LIMIT_BYTES default size limit}; see {@link #openFile(Path, long)}.
   *
   * @throws StoreException if the file cannot be created or opened, or it was written by a newer version of
   *     this library
   */
  public static SqliteThreadStore openFile(Path file) {
    return openFile(file, DEFAULT_SIZE_LIMIT_BYTES);
  }

  /**
   * Opens the store in database file {@code file}, creating it (owner-only) if it does not exist; its
   * directory must exist. Use {@link #open(Path, String, long)} unless the app manages file names itself.
   *
   * @param sizeLimitBytes as for {@link #open(Path, String, long)}
   * @throws IllegalArgumentException if {@code sizeLimitBytes} is not positive
   * @throws StoreException if the file cannot be created or opened, or it was written by a newer version of
   *     this library
   */
  public static SqliteThreadStore openFile(Path file, long sizeLimitBytes) {
    Objects.requireNonNull(file, "file");
    if (sizeLimitBytes <= 0) throw new IllegalArgumentException("sizeLimitBytes " + sizeLimitBytes);
    try {
      OwnerOnlyFiles.createFile(file);
    } catch (IOException e) {
      throw new StoreException("Cannot create the cache file " + file + ": " + e, e);
    }
    Connection connection = null;
    try {
      connection = Connections.writer(file);
      Schema.migrate(connection, file.toString());
      return new SqliteThreadStore(file, sizeLimitBytes, new ThreadWriter(connection));
    } catch (SQLException | RuntimeException e) {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException closing) {
          e.addSuppressed(closing);
        }
      }
      if (e instanceof SQLException) throw StoreErrors.of("open", file, (SQLException) e);
      throw (RuntimeException) e;
    }
  }

  /** The database file. Its {@code -wal} and {@code -shm} companions sit beside it while it is open. */
  public Path file() {
    return file;
  }

  @Override public List<Workflow> loadThreads(int offset, int limit) {
    return run("read threads from", () -> readers.read(connection -> ThreadReads.threads(connection, offset, limit)));
  }

  @Override public @Nullable ChatThread loadThread(String workflowId) {
    Objects.requireNonNull(workflowId, "workflowId");
    return run("read a thread from", () -> readers.read(connection -> ThreadReads.thread(connection, workflowId)));
  }

  @Override public void apply(List<ThreadChange> changes) {
    Objects.requireNonNull(changes, "changes");
    run("save threads to", () -> {
      writer.apply(changes);
      return null;
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>When this returns, the thread's text is in neither the database file nor its {@code -wal} log: its
   * rows are overwritten with zeros ({@code secure_delete}) and the log is checkpointed and emptied while
   * this store's reads wait. Only another process reading the same file for longer than the busy timeout
   * (10 s) can keep the log from being emptied; then this throws a {@link StoreException} saying so, the
   * thread is deleted nonetheless, and its text leaves the log at the next delete or clear that completes.
   */
  @Override public void deleteThread(String workflowId) {
    Objects.requireNonNull(workflowId, "workflowId");
    run("delete a thread from", () -> readers.excludingReads(() -> {
      writer.deleteThread(workflowId);
      return null;
    }));
  }

  /**
   * {@inheritDoc}
   *
   * <p>When this returns, no thread's text is in the database file or its {@code -wal} log, as for
   * {@link #deleteThread}.
   */
  @Override public void clear() {
    run("clear", () -> readers.excludingReads(() -> {
      writer.clear();
      return null;
    }));
  }

  @Override public long sizeBytes() {
    return run("measure", () -> readers.read(ThreadReads::sizeBytes));
  }

  @Override public long sizeLimitBytes() {
    return sizeLimitBytes;
  }

  @Override public void markOpened(String workflowId) {
    Objects.requireNonNull(workflowId, "workflowId");
    run("record an opening in", () -> {
      writer.markOpened(workflowId);
      return null;
    });
  }

  @Override public List<QueuedPrompt> loadQueuedPrompts() {
    return run("read the queued prompts from", () -> readers.read(PromptQueue::all));
  }

  /** {@inheritDoc} The transaction is synced to disk before this returns, so a power cut keeps it too. */
  @Override public void queuePrompt(QueuedPrompt prompt) {
    Objects.requireNonNull(prompt, "prompt");
    run("queue a prompt in", () -> {
      writer.queuePrompt(prompt);
      return null;
    });
  }

  /** {@inheritDoc} One transaction: a crash during eviction leaves every thread stored. */
  @Override public List<String> evict(Set<String> keep) {
    Objects.requireNonNull(keep, "keep");
    return run("evict threads from", () -> writer.evict(sizeLimitBytes, keep));
  }

  /** {@inheritDoc} The transaction is synced to disk before this returns. */
  @Override public boolean removeQueuedPrompt(String id) {
    Objects.requireNonNull(id, "id");
    return run("remove a queued prompt from", () -> writer.removeQueuedPrompt(id));
  }

  /**
   * Closes the database connections, after running operations finish. Later calls of other methods throw
   * {@link StoreException}; closing again does nothing.
   */
  @Override public void close() {
    Lock lock = lifecycle.writeLock();
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      readers.close();
      // The writer closes last: the last connection to close checkpoints the log into the database file.
      writer.close();
    } catch (SQLException e) {
      throw StoreErrors.of("close", file, e);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code sql} on the writing connection: lets tests impose SQLite limits (page count, read-only). */
  void executeOnWriter(String sql) {
    run("configure", () -> {
      writer.execute(sql);
      return null;
    });
  }

  private <T> T run(String action, Operation<T> operation) {
    Lock lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed) throw new StoreException("The cache " + file + " is closed", null);
      return operation.run();
    } catch (SQLException e) {
      throw StoreErrors.of(action, file, e);
    } finally {
      lock.unlock();
    }
  }

  private interface Operation<T> {
    T run() throws SQLException;
  }
}
