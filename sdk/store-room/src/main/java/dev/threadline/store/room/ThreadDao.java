package dev.threadline.store.room;

import android.database.Cursor;
import androidx.room.Dao;
import androidx.room.Insert;
import androidx.room.OnConflictStrategy;
import androidx.room.Query;
import java.util.List;

/** Blocking queries of the two tables; {@link RoomThreadStore} composes them into transactions. */
@Dao
interface ThreadDao {
  /**
   * SQLite sorts NULL below every number, so workflows without activity come last. Ties on the rounded
   * {@code last_activity} are put in exact order by the caller.
   */
  @Query("SELECT * FROM workflows ORDER BY last_activity DESC, id LIMIT :limit OFFSET :offset")
  List<WorkflowRow> workflows(int offset, int limit);

  @Query("SELECT COUNT(*) FROM workflows WHERE last_activity > :lastActivity")
  int countNewerThan(double lastActivity);

  @Query("SELECT * FROM workflows WHERE last_activity BETWEEN :oldest AND :newest")
  List<WorkflowRow> workflowsBetween(double oldest, double newest);

  @Query("SELECT * FROM workflows WHERE id = :workflowId")
  WorkflowRow workflow(String workflowId);

  /** In first-insertion order; the caller sorts by time and round, stably. */
  @Query("SELECT type, created_at, item_json FROM items WHERE workflow_id = :workflowId ORDER BY seq")
  List<ItemRecord> items(String workflowId);

  /**
   * Returns the new row's rowid, or -1 where the workflow is already stored (it is left alone). Not a
   * REPLACE, which deletes the old row and so its {@code last_opened} and {@code item_bytes}.
   */
  @Insert(onConflict = OnConflictStrategy.IGNORE)
  long insertNewWorkflow(WorkflowRow row);

  @Query("UPDATE workflows SET json = :json, last_activity = :lastActivity WHERE id = :workflowId")
  void updateWorkflow(String workflowId, String json, Double lastActivity);

  @Query("SELECT COALESCE(SUM(item_bytes + length(CAST(json AS BLOB))), 0) FROM workflows")
  long sizeBytes();

  /** A count of openings, not a clock: strictly ordered, and unaffected by the device's time being changed. */
  @Query("UPDATE workflows SET last_opened = (SELECT MAX(last_opened) FROM workflows) + 1 WHERE id = :workflowId")
  void markOpened(String workflowId);

  /** Each thread's id and payload bytes, least recently opened first. */
  @Query("SELECT id, item_bytes + length(CAST(json AS BLOB)) AS bytes FROM workflows ORDER BY last_opened, id")
  Cursor byLastOpened();

  @Query("SELECT COALESCE(MAX(seq), 0) FROM items WHERE workflow_id = :workflowId")
  long maxSeq(String workflowId);

  /** Returns each row's rowid, or -1 where an item with that key is already stored (it is left alone). */
  @Insert(onConflict = OnConflictStrategy.IGNORE)
  long[] insertNewItems(List<ItemRow> rows);

  /** Replaces a stored item's content, keeping its {@code seq}. */
  @Query("UPDATE items SET type = :type, created_at = :createdAt, round_number = :roundNumber,"
      + " item_json = :itemJson WHERE workflow_id = :workflowId AND identity_key = :identityKey")
  int replaceItem(String workflowId, String identityKey, String type, String createdAt, Integer roundNumber,
      String itemJson);

  @Query("DELETE FROM items WHERE workflow_id = :workflowId AND identity_key = :identityKey")
  void deleteItem(String workflowId, String identityKey);

  @Query("DELETE FROM items WHERE workflow_id = :workflowId")
  void deleteItems(String workflowId);

  @Query("DELETE FROM workflows WHERE id = :workflowId")
  void deleteWorkflow(String workflowId);

  @Query("DELETE FROM items")
  void deleteAllItems();

  @Query("DELETE FROM workflows")
  void deleteAllWorkflows();
}
