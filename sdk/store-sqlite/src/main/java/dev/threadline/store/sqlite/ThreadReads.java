package dev.threadline.store.sqlite;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.EpochSeconds;
import dev.threadline.StoreException;
import dev.threadline.ThreadStore;
import dev.threadline.Workflow;
import dev.threadline.internal.wire.CachedItemRows;
import dev.threadline.internal.wire.ItemCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The store's queries. Each runs inside a read transaction its caller holds. */
final class ThreadReads {
  private ThreadReads() {}

  /**
   * The thread list's slice {@code [offset, offset + limit)}.
   *
   * <p>SQL sorts and pages on {@code last_activity}, a double, which orders correctly except among values
   * that round to the same double. So rows are read past the slice's end until that double changes, and
   * the rows read are sorted again exactly; the rows left unread all sort after them.
   */
  static List<Workflow> threads(Connection connection, int offset, int limit) throws SQLException {
    if (offset < 0 || limit < 0) throw new IllegalArgumentException("offset " + offset + ", limit " + limit);
    long end = (long) offset + limit;
    if (limit == 0) return Collections.emptyList();
    List<Workflow> head = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT json, last_activity FROM workflows ORDER BY last_activity DESC, id")) {
      try (ResultSet rows = select.executeQuery()) {
        Object lastActivityOfLastRow = null;
        while (rows.next()) {
          Object lastActivity = rows.getObject(2);
          if (head.size() >= end && !Objects.equals(lastActivity, lastActivityOfLastRow)) break;
          head.add(workflow(rows.getString(1)));
          lastActivityOfLastRow = lastActivity;
        }
      }
    }
    head.sort(ThreadStore.THREAD_ORDER);
    if (offset >= head.size()) return Collections.emptyList();
    return new ArrayList<>(head.subList(offset, (int) Math.min(end, head.size())));
  }

  /** The thread {@code workflowId} with its items in the store's order, or null if it is not stored. */
  static @Nullable ChatThread thread(Connection connection, String workflowId) throws SQLException {
    Workflow workflow;
    try (PreparedStatement select = connection.prepareStatement("SELECT json FROM workflows WHERE id = ?")) {
      select.setString(1, workflowId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) return null;
        workflow = workflow(row.getString(1));
      }
    }
    List<ChatItem> items;
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT type, created_at, item_json FROM items WHERE workflow_id = ? ORDER BY seq")) {
      select.setString(1, workflowId);
      try (ResultSet rows = select.executeQuery()) {
        CachedItemRows<ItemRow> read = new CachedItemRows<>(ItemRow::item);
        while (rows.next()) {
          // Every column as its UTF-8 bytes: sqlite-jdbc's getString costs about as much per column as
          // reading the whole row (its own decoder behind a direct buffer), and the record's bytes decoded to
          // a string would only be encoded again.
          read.add(new ItemRow(rows.getBytes(1), rows.getBytes(2), rows.getBytes(3)));
        }
        items = read.items();
      } catch (IllegalArgumentException e) {
        throw damaged("an item of thread " + workflowId, e);
      }
    }
    // Stable: rows came in first-insertion order, which decides full ties.
    items.sort(ThreadStore.ITEM_ORDER);
    return new ChatThread(workflow, items);
  }

  /** One row of a thread's items: its {@code type}, {@code created_at} and {@code item_json} columns' UTF-8 bytes. */
  private static final class ItemRow {
    final byte[] type;
    final byte[] createdAt;
    final byte[] itemJson;

    ItemRow(byte[] type, byte[] createdAt, byte[] itemJson) {
      this.type = type;
      this.createdAt = createdAt;
      this.itemJson = itemJson;
    }

    ChatItem item() {
      return ItemCodec.item(new String(type, StandardCharsets.UTF_8),
          EpochSeconds.parse(new String(createdAt, StandardCharsets.UTF_8)), itemJson);
    }
  }

  /** The payload bytes of all threads: each workflow's JSON and its items' (kept in {@code item_bytes}). */
  static long sizeBytes(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT COALESCE(SUM(item_bytes + length(CAST(json AS BLOB))), 0) FROM workflows");
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  private static Workflow workflow(String json) {
    try {
      return Workflow.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw damaged("a workflow", e);
    }
  }

  /** Only this library writes the rows, so one it cannot read was changed or damaged outside it. */
  private static StoreException damaged(String what, IllegalArgumentException cause) {
    return new StoreException("The cache holds " + what + " that cannot be read (" + cause.getMessage()
        + "); the file is damaged. Delete the thread or clear the cache to start afresh.", cause);
  }
}
