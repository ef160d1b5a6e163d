package dev.threadline.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The schema steps that the two SQL stores (SQLite on the desktop, Room on Android) share word for word, so
 * that their schema is one text: those from version 3 on, which both stores run the same way. (Versions 1
 * and 2 differ: the Room store's version 1 was the SQLite store's version 2 without its foreign key.) The
 * schema as a whole is described in the SQLite store's {@code SCHEMA.md}.
 */
public final class SharedSchema {
  /**
   * Keep {@code workflows.item_bytes} equal to the UTF-8 bytes of the thread's items' {@code item_json}, so
   * the store's size is a sum over threads, not over items. Room creates them itself in a new database (it
   * creates only tables and indexes from its entities).
   */
  public static final List<String> ITEM_BYTES_TRIGGERS = Collections.unmodifiableList(Arrays.asList(
      "CREATE TRIGGER items_bytes_on_insert AFTER INSERT ON items BEGIN "
          + "UPDATE workflows SET item_bytes = item_bytes + length(CAST(new.item_json AS BLOB)) "
          + "WHERE id = new.workflow_id; END",
      "CREATE TRIGGER items_bytes_on_update AFTER UPDATE OF item_json ON items BEGIN "
          + "UPDATE workflows SET item_bytes = item_bytes - length(CAST(old.item_json AS BLOB)) "
          + "+ length(CAST(new.item_json AS BLOB)) WHERE id = new.workflow_id; END",
      "CREATE TRIGGER items_bytes_on_delete AFTER DELETE ON items BEGIN "
          + "UPDATE workflows SET item_bytes = item_bytes - length(CAST(old.item_json AS BLOB)) "
          + "WHERE id = old.workflow_id; END"));

  /**
   * Version 3, what the size limit needs: {@code last_opened} orders eviction (0: never opened), and
   * {@code item_bytes} (filled here, then kept by {@link #ITEM_BYTES_TRIGGERS}) counts each thread's items.
   */
  public static final List<String> VERSION_3 = Collections.unmodifiableList(concat(Arrays.asList(
      "ALTER TABLE workflows ADD COLUMN last_opened INTEGER NOT NULL DEFAULT 0",
      "ALTER TABLE workflows ADD COLUMN item_bytes INTEGER NOT NULL DEFAULT 0",
      "UPDATE workflows SET item_bytes = "
          + "(SELECT COALESCE(SUM(length(CAST(item_json AS BLOB))), 0) FROM items WHERE workflow_id = workflows.id)",
      "CREATE INDEX workflows_by_last_opened ON workflows(last_opened, id)"), ITEM_BYTES_TRIGGERS));

  /**
   * Version 4, the offline queue: prompts written while the network was gone. Apart from the threads (no
   * foreign key): a queued prompt may continue a thread that is not cached, and deleting a thread keeps what
   * the user wrote to it. {@code workflow_id} (null for a new thread) tells which threads have queued
   * prompts, which the cache keeps whatever its size.
   */
  public static final List<String> VERSION_4 = Collections.unmodifiableList(Arrays.asList(
      "CREATE TABLE queued_prompts (id TEXT NOT NULL PRIMARY KEY, position INTEGER NOT NULL, "
          + "workflow_id TEXT, input_json TEXT NOT NULL, queued_at INTEGER NOT NULL)",
      "CREATE INDEX queued_prompts_by_position ON queued_prompts(position, id)"));

  private SharedSchema() {}

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
