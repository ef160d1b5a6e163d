package dev.threadline.store.sqlite;

import dev.threadline.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * A few reading connections, opened when first needed and reused, so reads run in parallel with each other
 * and with the writer (write-ahead logging lets them). Thread-safe.
 */
final class ReaderPool implements AutoCloseable {
  /** A query run on a borrowed connection inside a read transaction. */
  interface Query<T> {
    T run(Connection connection) throws SQLException;
  }

  private final Path file;
  private final int size;
  private final Semaphore permits;
  private final BlockingQueue<Connection> idle = new LinkedBlockingQueue<>();

  /** A pool of at most {@code size} connections to {@code file}. */
  ReaderPool(Path file, int size) {
    this.file = file;
    this.size = size;
    // Fair, so that a caller waiting for every permit is not overtaken for ever by single reads.
    this.permits = new Semaphore(size, true);
  }

  /**
   * Runs {@code query} in one read transaction, so all its statements see the same committed batches.
   * Waits while all connections are busy.
   */
  <T> T read(Query<T> query) throws SQLException {
    acquire(1);
    Connection connection = idle.poll();
    try {
      if (connection == null) connection = Connections.reader(file);
      Connection borrowed = connection;
      T result = Transaction.read(borrowed, () -> query.run(borrowed));
      idle.add(connection);
      connection = null;
      return result;
    } finally {
      // A connection whose read failed is closed rather than reused: its state is unknown.
      if (connection != null) closeQuietly(connection);
      permits.release();
    }
  }

  /**
   * Runs {@code work} while no read of this pool runs: it waits for running reads to end and holds new ones
   * back until {@code work} returns.
   */
  <T> T excludingReads(Transaction.Work<T> work) throws SQLException {
    acquire(size);
    try {
      return work.run();
    } finally {
      permits.release(size);
    }
  }

  /** Closes the idle connections. Call only when no read is running. */
  @Override public void close() {
    for (Connection connection; (connection = idle.poll()) != null; ) closeQuietly(connection);
  }

  private void acquire(int count) {
    try {
      permits.acquire(count);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("Interrupted while waiting for the cache " + file, e);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing was written on a reading connection, so nothing can be lost by ignoring this.
    }
  }
}
