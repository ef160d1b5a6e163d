package dev.threadline.store.sqlite;

import static dev.threadline.store.sqlite.Transaction.execute;

import dev.threadline.EpochSeconds;
import dev.threadline.StoreException;
import dev.threadline.Workflow;
import dev.threadline.internal.SharedSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database schema and its forward migrations, versioned by {@code PRAGMA user_version}. The tables are
 * shared with the Android (Room) store and described in {@code SCHEMA.md}; a change is a new version with
 * a new migration step, never an edit of an old step.
 */
final class Schema {
  /** The version this code reads and writes. */
  static final int VERSION = 4;

  private Schema() {}

  /**
   * Brings the database on {@code connection} to {@link #VERSION}, step by step, in one transaction: a crash
   * during a migration leaves the old version intact.
   *
   * @throws StoreException if the database was written by a newer version of this library
   */
  static void migrate(Connection connection, String file) throws SQLException {
    // Checked outside a write transaction first, so an up-to-date read-only file still opens for reading.
    if (userVersion(connection) == VERSION) return;
    Transaction.write(connection, () -> {
      // Read again under the write lock: another process may have migrated in the meantime.
      int version = userVersion(connection);
      if (version > VERSION) {
        throw new StoreException("The cache " + file + " has schema version " + version
            + ", newer than this library's " + VERSION + "; use a newer library or another cache file.", null);
      }
      if (version < 1) createVersion1(connection);
      if (version < 2) addLastActivity(connection);
      if (version < 3) addEvictionColumns(connection);
      if (version < 4) addQueuedPrompts(connection);
      // PRAGMA takes no bound parameters; VERSION is a constant.
      execute(connection, "PRAGMA user_version = " + VERSION);
      return null;
    });
  }

  /** Version 1, the first released schema: the thread list was ordered in code from the workflow JSON. */
  private static void createVersion1(Connection connection) throws SQLException {
    execute(connection, "CREATE TABLE workflows (id TEXT NOT NULL PRIMARY KEY, json TEXT NOT NULL)");
    // The foreign key guarantees no item outlives its thread. It has no ON DELETE action on purpose: a
    // cascade would make an INSERT OR REPLACE of a workflow (as Room's @Insert(REPLACE) does) silently
    // delete the thread's items. Deletes remove items first, explicitly.
    execute(connection, "CREATE TABLE items ("
        + "workflow_id TEXT NOT NULL REFERENCES workflows(id), "
        + "identity_key TEXT NOT NULL, "
        + "type TEXT NOT NULL, "
        + "created_at TEXT NOT NULL, "
        + "round_number INTEGER, "
        + "item_json TEXT NOT NULL, "
        + "seq INTEGER NOT NULL, "
        + "PRIMARY KEY (workflow_id, identity_key))");
    execute(connection, "CREATE INDEX items_by_seq ON items(workflow_id, seq)");
  }

  /**
   * Version 2: the thread list is sorted and paged in SQL on {@code last_activity}, filled here from the
   * stored workflow JSON.
   */
  private static void addLastActivity(Connection connection) throws SQLException {
    execute(connection, "ALTER TABLE workflows ADD COLUMN last_activity REAL");
    Map<String, EpochSeconds> activity = new LinkedHashMap<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT id, json FROM workflows");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) activity.put(rows.getString(1), Workflow.fromJson(rows.getString(2)).lastActivity());
    }
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE workflows SET last_activity = ? WHERE id = ?")) {
      for (Map.Entry<String, EpochSeconds> row : activity.entrySet()) {
        if (row.getValue() == null) update.setNull(1, Types.REAL); else update.setDouble(1, row.getValue().toDouble());
        update.setString(2, row.getKey());
        update.addBatch();
      }
      update.executeBatch();
    }
    execute(connection, "CREATE INDEX workflows_by_activity ON workflows(last_activity DESC, id)");
  }

  /** Version 3: what the size limit needs, as {@link SharedSchema#VERSION_3} says. */
  private static void addEvictionColumns(Connection connection) throws SQLException {
    for (String statement : SharedSchema.VERSION_3) execute(connection, statement);
  }

  /** Version 4: the offline queue, as {@link SharedSchema#VERSION_4} says. */
  private static void addQueuedPrompts(Connection connection) throws SQLException {
    for (String statement : SharedSchema.VERSION_4) execute(connection, statement);
  }

  private static int userVersion(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("PRAGMA user_version");
        ResultSet result = statement.executeQuery()) {
      return result.next() ? result.getInt(1) : 0;
    }
  }
}
