package dev.threadline.store.room;

import androidx.room.Dao;
import androidx.room.Insert;
import androidx.room.OnConflictStrategy;
import androidx.room.Query;
import java.util.List;

/** Blocking queries of the offline queue's table. */
@Dao
interface QueueDao {
  @Query("SELECT * FROM queued_prompts ORDER BY position, id")
  List<QueuedPromptRow> all();

  /** The prompt with the row's id is replaced whole: a queued prompt has no items to lose. */
  @Insert(onConflict = OnConflictStrategy.REPLACE)
  void put(QueuedPromptRow row);

  @Query("DELETE FROM queued_prompts WHERE id = :id")
  int remove(String id);

  @Query("DELETE FROM queued_prompts")
  void clear();
}
