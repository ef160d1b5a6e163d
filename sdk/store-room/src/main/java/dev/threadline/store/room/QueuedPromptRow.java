package dev.threadline.store.room;

import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.room.ColumnInfo;
import androidx.room.Entity;
import androidx.room.Index;
import androidx.room.PrimaryKey;

/**
 * A row of {@code queued_prompts}: one prompt of the offline queue, kept until it is sent. The table is the
 * same as the desktop SQLite store's, column for column (schema version 4).
 */
@Entity(
    tableName = "queued_prompts",
    indices = @Index(name = "queued_prompts_by_position", value = {"position", "id"}))
final class QueuedPromptRow {
  @PrimaryKey @NonNull @ColumnInfo(name = "id")
  final String id;

  @ColumnInfo(name = "position")
  final long position;

  /** The thread the prompt continues, or null for a new thread: the threads the cache must keep. */
  @Nullable @ColumnInfo(name = "workflow_id")
  final String workflowId;

  /** The request body, {@code UserInput.toJson()}. */
  @NonNull @ColumnInfo(name = "input_json")
  final String inputJson;

  @ColumnInfo(name = "queued_at")
  final long queuedAt;

  QueuedPromptRow(@NonNull String id, long position, @Nullable String workflowId, @NonNull String inputJson,
      long queuedAt) {
    this.id = id;
    this.position = position;
    this.workflowId = workflowId;
    this.inputJson = inputJson;
    this.queuedAt = queuedAt;
  }
}
