package dev.threadline.store.room;

import androidx.room.Database;
import androidx.room.RoomDatabase;

/**
 * One account's cache database, at the version of the schema shared with the desktop SQLite store
 * ({@code SCHEMA.md} there); {@link SchemaMigrations} brings older files to it. Each version's JSON is
 * exported to {@code schemas/}.
 */
@Database(entities = {WorkflowRow.class, ItemRow.class, QueuedPromptRow.class}, version = 4, exportSchema = true)
abstract class ThreadDatabase extends RoomDatabase {
  abstract ThreadDao threads();

  abstract QueueDao queue();
}
