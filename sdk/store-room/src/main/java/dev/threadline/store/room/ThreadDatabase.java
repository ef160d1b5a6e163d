package dev.threadline.store.room;

import androidx.annotation.NonNull;
import androidx.room.Database;
import androidx.room.RoomDatabase;
import androidx.room.migration.Migration;
import androidx.sqlite.db.SupportSQLiteDatabase;

/**
 * One account's cache database, in the schema shared with the desktop SQLite store; each version's JSON is
 * exported to {@code schemas/} so a later version can be migrated and checked against it.
 */
@Database(entities = {WorkflowRow.class, ItemRow.class, QueuedPromptRow.class}, version = 4, exportSchema = true)
abstract class ThreadDatabase extends RoomDatabase {
  /** Version 4 adds the offline queue, as the SQLite store's step to version 4 does. */
  static final Migration ADD_QUEUED_PROMPTS = new Migration(3, 4) {
    @Override public void migrate(@NonNull SupportSQLiteDatabase db) {
      db.execSQL("CREATE TABLE IF NOT EXISTS `queued_prompts` (`id` TEXT NOT NULL, `position` INTEGER NOT NULL, "
          + "`workflow_id` TEXT, `input_json` TEXT NOT NULL, `queued_at` INTEGER NOT NULL, PRIMARY KEY(`id`))");
      db.execSQL("CREATE INDEX IF NOT EXISTS `queued_prompts_by_position` ON `queued_prompts` (`position`, `id`)");
    }
  };

  abstract ThreadDao threads();

  abstract QueueDao queue();
}
