package dev.threadline.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/** Opens configured SQLite connections to one database file. */
final class Connections {
  /** How long a statement waits for a lock held by another connection or process before failing. */
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;
  /** The log file is cut back to this size after a checkpoint, so one big batch does not keep it large. */
  private static final int JOURNAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

  private Connections() {}

  /**
   * The writing connection. Write-ahead logging lets readers read while it writes. With WAL,
   * {@code synchronous=NORMAL} syncs only at checkpoints, not at every commit: a killed process loses
   * nothing committed (the log is in the OS), a power cut may lose the last commits, and neither can
   * corrupt the file, which is the right trade for a cache the server can refill.
   */
  static Connection writer(Path file) throws SQLException {
    SQLiteConfig config = common();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.enforceForeignKeys(true);
    config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT_BYTES);
    Connection connection = config.createConnection(url(file));
    // Deleted rows are overwritten with zeros, so a deleted thread's text does not linger in free pages.
    Transaction.execute(connection, "PRAGMA secure_delete = ON");
    return connection;
  }

  /** A reading connection: it refuses writes, so a bug can never make a second writer. */
  static Connection reader(Path file) throws SQLException {
    Connection connection = common().createConnection(url(file));
    Transaction.execute(connection, "PRAGMA query_only = ON");
    return connection;
  }

  private static SQLiteConfig common() {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config;
  }

  /**
   * A {@code file:} URI, percent-encoded: the driver would read a {@code ?} in a plain path as the start of
   * connection options.
   */
  private static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath().toUri();
  }
}
