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
  private final Semaphore permits;
  private final BlockingQueue<Connection> idle = new LinkedBlockingQueue<>();

  /** A pool of at most {@code size} connections to {@code file}. */
  ReaderPool(Path file, int size) {
    this.file = file;
    this.permits = new Semaphore(size);
  }

  /**
   * Runs {@code query} in one read transaction, so all its statements see the same committed batches.
   * Waits while all connections are busy.
   */
  <T> T read(Query<T> query) throws SQLException {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("Interrupted while waiting to read the cache " + file, 0, null, e);
    }
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

  /** Closes the idle connections. Call only when no read is running. */
  @Override public void close() {
    for (Connection connection; (connection = idle.poll()) != null; ) closeQuietly(connection);
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing was written on a reading connection, so nothing can be lost by ignoring this.
    }
  }
}
