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
    // Serves the thread list's ORDER BY and paging without sorting the whole table.
    indices = @Index(name = "workflows_by_activity", value = {"last_activity", "id"},
        orders = {Index.Order.DESC, Index.Order.ASC}))
final class WorkflowRow {
  @PrimaryKey @NonNull @ColumnInfo(name = "id")
  final String id;

  @NonNull @ColumnInfo(name = "json")
  final String json;

  /** Only for ordering the thread list in SQL; the exact value is in {@link #json}. */
  @Nullable @ColumnInfo(name = "last_activity")
  final Double lastActivity;

  WorkflowRow(@NonNull String id, @NonNull String json, @Nullable Double lastActivity) {
    this.id = id;
    this.json = json;
    this.lastActivity = lastActivity;
  }
}
