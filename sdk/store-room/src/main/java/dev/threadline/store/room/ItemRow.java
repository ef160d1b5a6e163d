package dev.threadline.store.room;

import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.room.ColumnInfo;
import androidx.room.Entity;
import androidx.room.ForeignKey;
import androidx.room.Index;

/**
 * A row of {@code items}: one chat item of one thread, keyed by its identity key. The table is the same as
 * the desktop SQLite store's, column for column.
 */
@Entity(
    tableName = "items",
    primaryKeys = {"workflow_id", "identity_key"},
    // No ON DELETE action, as in the desktop store: deletes remove a thread's items first, explicitly.
    foreignKeys = @ForeignKey(entity = WorkflowRow.class, parentColumns = "id", childColumns = "workflow_id"),
    indices = @Index(name = "items_by_seq", value = {"workflow_id", "seq"}))
final class ItemRow {
  @NonNull @ColumnInfo(name = "workflow_id")
  final String workflowId;

  @NonNull @ColumnInfo(name = "identity_key")
  final String identityKey;

  @NonNull @ColumnInfo(name = "type")
  final String type;

  /** The exact JSON literal: a REAL would round away the digits that order two close items. */
  @NonNull @ColumnInfo(name = "created_at")
  final String createdAt;

  @Nullable @ColumnInfo(name = "round_number")
  final Integer roundNumber;

  @NonNull @ColumnInfo(name = "item_json")
  final String itemJson;

  /** First-insertion order within the thread; a replacement keeps it, so ties stay where they were. */
  @ColumnInfo(name = "seq")
  final long seq;

  ItemRow(@NonNull String workflowId, @NonNull String identityKey, @NonNull String type,
      @NonNull String createdAt, @Nullable Integer roundNumber, @NonNull String itemJson, long seq) {
    this.workflowId = workflowId;
    this.identityKey = identityKey;
    this.type = type;
    this.createdAt = createdAt;
    this.roundNumber = roundNumber;
    this.itemJson = itemJson;
    this.seq = seq;
  }
}
