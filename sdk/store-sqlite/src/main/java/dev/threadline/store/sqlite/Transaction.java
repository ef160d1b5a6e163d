package dev.threadline.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Runs work in one SQLite transaction on a connection in JDBC auto-commit mode. Transactions are begun
 * explicitly because the driver's own (non-auto-commit) mode begins the next transaction as soon as one
 * ends, which for a writer would hold the database's write lock between writes.
 */
final class Transaction {
  /** Work done inside a transaction. */
  interface Work<T> {
    T run() throws SQLException;
  }

  private Transaction() {}

  /**
   * Runs {@code work} in a write transaction, taking the write lock at once ({@code BEGIN IMMEDIATE}) so it
   * never fails half way for want of it; commits if {@code work} returns, rolls back if it throws.
   */
  static <T> T write(Connection connection, Work<T> work) throws SQLException {
    return run(connection, "BEGIN IMMEDIATE", work);
  }

  /** Runs {@code work} in a read transaction: every query in it sees the same committed state. */
  static <T> T read(Connection connection, Work<T> work) throws SQLException {
    return run(connection, "BEGIN", work);
  }

  /** Executes one statement that takes no parameters and returns no rows. */
  static void execute(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.execute();
    }
  }

  private static <T> T run(Connection connection, String begin, Work<T> work) throws SQLException {
    execute(connection, begin);
    T result;
    try {
      result = work.run();
    } catch (SQLException | RuntimeException | Error e) {
      rollbackQuietly(connection, e);
      throw e;
    }
    execute(connection, "COMMIT");
    return result;
  }

  private static void rollbackQuietly(Connection connection, Throwable cause) {
    try {
      execute(connection, "ROLLBACK");
    } catch (SQLException e) {
      // SQLite may have rolled back already (it does on a full disk); the original failure is what matters.
      cause.addSuppressed(e);
    }
  }
}
