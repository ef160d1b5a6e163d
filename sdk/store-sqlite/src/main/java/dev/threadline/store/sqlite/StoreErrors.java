package dev.threadline.store.sqlite;

import dev.threadline.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns SQLite failures into {@link StoreException}s whose message says what happened and to which file. */
final class StoreErrors {
  private StoreErrors() {}

  /** The exception for {@code cause}, raised while trying to {@code action} (e.g. "save threads to"). */
  static StoreException of(String action, Path file, SQLException cause) {
    return new StoreException("Cannot " + action + " the cache " + file + ": " + reason(cause), cause);
  }

  private static @Nullable String reason(SQLException cause) {
    if (!(cause instanceof SQLiteException)) return cause.getMessage();
    SQLiteErrorCode code = ((SQLiteException) cause).getResultCode();
    // Extended result codes (e.g. SQLITE_READONLY_DBMOVED) carry the primary code in their low byte.
    int primary = code.code & 0xff;
    if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
      return "the disk is full (" + code.name() + "). What the cache already holds is kept.";
    }
    if (primary == SQLiteErrorCode.SQLITE_READONLY.code || primary == SQLiteErrorCode.SQLITE_PERM.code) {
      return "the file is read-only (" + code.name() + "). What the cache already holds is kept.";
    }
    if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
      return "another process holds the file locked (" + code.name() + ").";
    }
    if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
      return "the file is damaged or not a cache (" + code.name() + "); delete it to start afresh.";
    }
    if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
      return "the file cannot be opened (" + code.name() + "); check that its folder exists and is writable.";
    }
    if (primary == SQLiteErrorCode.SQLITE_IOERR.code) {
      return "an I/O error occurred (" + code.name() + ").";
    }
    return cause.getMessage();
  }
}
