package dev.threadline.store.sqlite;

import dev.threadline.QueuedPrompt;
import dev.threadline.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline queue's table, {@code queued_prompts}: prompts written while the network was gone, kept
 * until they are sent. Each write is a transaction of its own, committed with a full sync, so a queued
 * prompt survives a power cut as well as a killed process (the rest of the cache may lose its last
 * batches there, which the server refills; a lost prompt nobody could refill).
 */
final class PromptQueue {
  private PromptQueue() {}

  /** Stores {@code prompt} on the writing {@code connection}, replacing one with its id. */
  static void put(Connection connection, QueuedPrompt prompt) throws SQLException {
    durably(connection, () -> {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO queued_prompts "
          + "(id, position, workflow_id, input_json, queued_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
          + "position = excluded.position, workflow_id = excluded.workflow_id, input_json = excluded.input_json, "
          + "queued_at = excluded.queued_at")) {
        insert.setString(1, prompt.id());
        insert.setLong(2, prompt.position());
        String workflowId = prompt.input().workflowId();
        if (workflowId == null) insert.setNull(3, Types.VARCHAR); else insert.setString(3, workflowId);
        insert.setString(4, prompt.inputJson());
        insert.setLong(5, prompt.queuedAtMillis());
        insert.executeUpdate();
      }
      return null;
    });
  }

  /** Removes the prompt {@code id} on the writing {@code connection}; whether it was there. */
  static boolean remove(Connection connection, String id) throws SQLException {
    return durably(connection, () -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM queued_prompts WHERE id = ?")) {
        delete.setString(1, id);
        return delete.executeUpdate() > 0;
      }
    });
  }

  /** The queued prompts in the order they are sent, read inside the caller's read transaction. */
  static List<QueuedPrompt> all(Connection connection) throws SQLException {
    List<QueuedPrompt> prompts = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT id, position, input_json, queued_at FROM queued_prompts ORDER BY position, id");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        try {
          prompts.add(QueuedPrompt.fromStored(rows.getString(1), rows.getLong(2), rows.getString(3), rows.getLong(4)));
        } catch (StoreException e) {
          throw new StoreException("The cache holds a queued prompt that cannot be read (" + e.getMessage()
              + "); the file is damaged.", e);
        }
      }
    }
    return prompts;
  }

  private static <T> T durably(Connection connection, Transaction.Work<T> work) throws SQLException {
    // FULL syncs the log at this commit; the connection goes back to NORMAL for the batched writes.
    Transaction.execute(connection, "PRAGMA synchronous = FULL");
    try {
      return Transaction.write(connection, work);
    } finally {
      Transaction.execute(connection, "PRAGMA synchronous = NORMAL");
    }
  }
}
