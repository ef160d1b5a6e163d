package dev.threadline.store.room;

import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.room.ColumnInfo;
import androidx.room.Entity;
import androidx.room.Index;
import androidx.room.PrimaryKey;

/**
 * A row of {@code workflows}: one thread's header, kept as the server's whole JSON. The table and its
 * index are the same as the desktop SQLite store's, column for column.
 */
@Entity(
    tableName = "workflows",
    indices = {
        // Serves the thread list's ORDER BY and paging without sorting the whole table.
        @Index(name = "workflows_by_activity", value = {"last_activity", "id"},
            orders = {Index.Order.DESC, Index.Order.ASC}),
        // Serves eviction's order and the next opening's MAX(last_opened).
        @Index(name = "workflows_by_last_opened", value = {"last_opened", "id"})})
final class WorkflowRow {
  @PrimaryKey @NonNull @ColumnInfo(name = "id")
  final String id;

  @NonNull @ColumnInfo(name = "json")
  final String json;

  /** Only for ordering the thread list in SQL; the exact value is in {@link #json}. */
  @Nullable @ColumnInfo(name = "last_activity")
  final Double lastActivity;

  /** The order of the thread's last opening among all threads'; 0 if never opened. */
  @ColumnInfo(name = "last_opened", defaultValue = "0")
  final long lastOpened;

  /** The UTF-8 bytes of the thread's items' JSON; only the schema's triggers change it. */
  @ColumnInfo(name = "item_bytes", defaultValue = "0")
  final long itemBytes;

  WorkflowRow(@NonNull String id, @NonNull String json, @Nullable Double lastActivity, long lastOpened,
      long itemBytes) {
    this.id = id;
    this.json = json;
    this.lastActivity = lastActivity;
    this.lastOpened = lastOpened;
    this.itemBytes = itemBytes;
  }
}
