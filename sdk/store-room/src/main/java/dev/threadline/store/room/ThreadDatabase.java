package dev.threadline.store.room;

import androidx.room.Database;
import androidx.room.RoomDatabase;

/**
 * One account's cache database. Version 1 of the schema shared with the desktop SQLite store; its JSON is
 * exported to {@code schemas/} so a later version can be migrated and checked against it.
 */
@Database(entities = {WorkflowRow.class, ItemRow.class}, version = 1, exportSchema = true)
abstract class ThreadDatabase extends RoomDatabase {
  abstract ThreadDao threads();
}
