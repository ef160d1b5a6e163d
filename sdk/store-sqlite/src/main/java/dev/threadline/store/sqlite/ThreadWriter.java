package dev.threadline.store.sqlite;

import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import dev.threadline.ThreadChange;
import dev.threadline.Workflow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The store's one writing connection and its prepared statements. Its methods are synchronized: writes run
 * one at a time, each in its own transaction, so SQLite never has two writers of ours to arbitrate.
 */
final class ThreadWriter implements AutoCloseable {
  private final Connection connection;
  private final PreparedStatement upsertWorkflow;
  private final PreparedStatement lastSeq;
  private final PreparedStatement upsertItem;
  private final PreparedStatement deleteItem;
  private final PreparedStatement deleteItemsOfThread;
  private final PreparedStatement deleteWorkflow;
  private final PreparedStatement deleteAllItems;
  private final PreparedStatement deleteAllWorkflows;
  private final PreparedStatement markOpened;
  private final PreparedStatement byLastOpened;
  private final PreparedStatement deleteAllQueuedPrompts;

  /** Prepares the statements on {@code connection}, which this writer then owns. */
  ThreadWriter(Connection connection) throws SQLException {
    this.connection = connection;
    upsertWorkflow = connection.prepareStatement("INSERT INTO workflows (id, json, last_activity) VALUES (?, ?, ?) "
        // An upsert rather than INSERT OR REPLACE, which deletes the old row and inserts a new one.
        + "ON CONFLICT(id) DO UPDATE SET json = excluded.json, last_activity = excluded.last_activity");
    lastSeq = connection.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM items WHERE workflow_id = ?");
    upsertItem = connection.prepareStatement("INSERT INTO items "
        + "(workflow_id, identity_key, type, created_at, round_number, item_json, seq) VALUES (?, ?, ?, ?, ?, ?, ?) "
        // seq is left alone on conflict: a replaced item keeps its first-insertion place.
        + "ON CONFLICT(workflow_id, identity_key) DO UPDATE SET type = excluded.type, "
        + "created_at = excluded.created_at, round_number = excluded.round_number, item_json = excluded.item_json");
    deleteItem = connection.prepareStatement("DELETE FROM items WHERE workflow_id = ? AND identity_key = ?");
    deleteItemsOfThread = connection.prepareStatement("DELETE FROM items WHERE workflow_id = ?");
    deleteWorkflow = connection.prepareStatement("DELETE FROM workflows WHERE id = ?");
    deleteAllItems = connection.prepareStatement("DELETE FROM items");
    deleteAllWorkflows = connection.prepareStatement("DELETE FROM workflows");
    // A count of openings, not a clock: strictly ordered, and unaffected by the device's time being changed.
    markOpened = connection.prepareStatement(
        "UPDATE workflows SET last_opened = (SELECT MAX(last_opened) FROM workflows) + 1 WHERE id = ?");
    byLastOpened = connection.prepareStatement(
        "SELECT id, item_bytes + length(CAST(json AS BLOB)) FROM workflows ORDER BY last_opened, id");
    deleteAllQueuedPrompts = connection.prepareStatement("DELETE FROM queued_prompts");
  }

  /** Writes {@code changes} in order, in one transaction. */
  synchronized void apply(List<ThreadChange> changes) throws SQLException {
    if (changes.isEmpty()) return;
    Transaction.write(connection, () -> {
      for (ThreadChange change : changes) apply(change);
      return null;
    });
  }

  private void apply(ThreadChange change) throws SQLException {
    String workflowId = change.workflowId();
    Workflow workflow = change.workflow();
    upsertWorkflow.setString(1, workflowId);
    upsertWorkflow.setString(2, workflow.json());
    EpochSeconds lastActivity = workflow.lastActivity();
    if (lastActivity == null) upsertWorkflow.setNull(3, Types.REAL); else upsertWorkflow.setDouble(3, lastActivity.toDouble());
    upsertWorkflow.executeUpdate();

    // Removals before upserts, as in the in-memory store: a key both removed and upserted ends up stored.
    if (!change.removedKeys().isEmpty()) {
      for (String key : change.removedKeys()) {
        deleteItem.setString(1, workflowId);
        deleteItem.setString(2, key);
        deleteItem.addBatch();
      }
      deleteItem.executeBatch();
    }
    if (!change.upserts().isEmpty()) {
      long seq = lastSeq(workflowId);
      for (ChatItem item : change.upserts()) {
        upsertItem.setString(1, workflowId);
        upsertItem.setString(2, item.identityKey());
        upsertItem.setString(3, item.type());
        upsertItem.setString(4, item.createdAt().toString());
        if (item.roundNumber() == null) upsertItem.setNull(5, Types.INTEGER); else upsertItem.setInt(5, item.roundNumber());
        upsertItem.setString(6, item.itemJson());
        // Gaps (from replaced items, which keep their old seq) are harmless: only the order of seq matters.
        upsertItem.setLong(7, ++seq);
        upsertItem.addBatch();
      }
      upsertItem.executeBatch();
    }
  }

  private long lastSeq(String workflowId) throws SQLException {
    lastSeq.setString(1, workflowId);
    try (ResultSet row = lastSeq.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  /** Removes thread {@code workflowId} and its items, and wipes them from the write-ahead log. */
  synchronized void deleteThread(String workflowId) throws SQLException {
    Transaction.write(connection, () -> {
      delete(workflowId);
      return null;
    });
    truncateLog();
  }

  /** Records that thread {@code workflowId} was opened after every other. */
  synchronized void markOpened(String workflowId) throws SQLException {
    markOpened.setString(1, workflowId);
    markOpened.executeUpdate();
  }

  /**
   * Deletes the least recently opened threads not in {@code keep} until the payload is within
   * {@code limitBytes}, in one transaction; returns their ids. Unlike {@link #deleteThread}, it leaves the
   * log alone: an evicted thread is the server's to give back, not data the user asked to erase.
   */
  synchronized List<String> evict(long limitBytes, Set<String> keep) throws SQLException {
    return Transaction.write(connection, () -> {
      long excess = ThreadReads.sizeBytes(connection) - limitBytes;
      List<String> evicted = new ArrayList<>();
      if (excess <= 0) return evicted;
      // Chosen first, deleted after: rows are not deleted under the cursor that reads them.
      try (ResultSet rows = byLastOpened.executeQuery()) {
        while (excess > 0 && rows.next()) {
          if (keep.contains(rows.getString(1))) continue;
          evicted.add(rows.getString(1));
          excess -= rows.getLong(2);
        }
      }
      for (String workflowId : evicted) delete(workflowId);
      return evicted;
    });
  }

  private void delete(String workflowId) throws SQLException {
    // Items first: the foreign key refuses to orphan them.
    deleteItemsOfThread.setString(1, workflowId);
    deleteItemsOfThread.executeUpdate();
    deleteWorkflow.setString(1, workflowId);
    deleteWorkflow.executeUpdate();
  }

  /** Removes every thread and queued prompt, and wipes them from the write-ahead log. */
  synchronized void clear() throws SQLException {
    Transaction.write(connection, () -> {
      deleteAllItems.executeUpdate();
      deleteAllWorkflows.executeUpdate();
      deleteAllQueuedPrompts.executeUpdate();
      return null;
    });
    truncateLog();
  }

  /** Stores {@code prompt} in the offline queue, in a fully synced transaction of its own. */
  synchronized void queuePrompt(dev.threadline.QueuedPrompt prompt) throws SQLException {
    PromptQueue.put(connection, prompt);
  }

  /** Removes queued prompt {@code id}, in a fully synced transaction of its own; whether it was there. */
  synchronized boolean removeQueuedPrompt(String id) throws SQLException {
    return PromptQueue.remove(connection, id);
  }

  /** Runs {@code sql} on the writing connection; for tests that set connection limits. */
  synchronized void execute(String sql) throws SQLException {
    Transaction.execute(connection, sql);
  }

  /**
   * Copies the log into the database and empties the log file. With {@code secure_delete} the deleted rows'
   * bytes are already zeroed in the pages written; this also drops the log's older copies of those pages,
   * so signing out or deleting a thread leaves its text in neither file. The caller keeps this store's
   * readers out meanwhile: a read transaction would keep the log from being emptied.
   *
   * @throws SQLException if a reader of another process kept the checkpoint from completing
   */
  private void truncateLog() throws SQLException {
    try (PreparedStatement checkpoint = connection.prepareStatement("PRAGMA wal_checkpoint(TRUNCATE)");
        ResultSet result = checkpoint.executeQuery()) {
      // The first column is 1 when a reader kept the checkpoint from completing, after the busy timeout.
      if (result.next() && result.getInt(1) != 0) {
        throw new SQLException("deleted, but another connection kept reading the cache, so the deleted text "
            + "stays in its -wal log until a later delete or clear completes", "SQLITE_BUSY");
      }
    }
  }

  @Override public synchronized void close() throws SQLException {
    connection.close();
  }
}
