package dev.threadline.store.room;

import androidx.annotation.NonNull;
import androidx.room.RoomDatabase;
import androidx.room.migration.Migration;
import androidx.sqlite.db.SupportSQLiteDatabase;
import dev.threadline.internal.SharedSchema;

/**
 * The steps that bring an older database to {@link ThreadDatabase}'s version, one per version, and the
 * parts of the schema Room does not create from the entities (the triggers). The schema is the desktop
 * SQLite store's ({@code SCHEMA.md} there); from version 3 on, each step runs the statements of
 * {@link SharedSchema}, as that store's step of the same number does.
 */
final class SchemaMigrations {
  /**
   * Version 1 was the desktop schema's version 2 without the foreign key {@code items.workflow_id →
   * workflows(id)}. SQLite cannot add a constraint to a table, so {@code items} is rebuilt with it; items
   * whose thread is missing (which the key would have refused) are dropped.
   */
  static final Migration TO_2 = new Migration(1, 2) {
    @Override public void migrate(@NonNull SupportSQLiteDatabase db) {
      db.execSQL("CREATE TABLE items_v2 ("
          + "workflow_id TEXT NOT NULL REFERENCES workflows(id), "
          + "identity_key TEXT NOT NULL, "
          + "type TEXT NOT NULL, "
          + "created_at TEXT NOT NULL, "
          + "round_number INTEGER, "
          + "item_json TEXT NOT NULL, "
          + "seq INTEGER NOT NULL, "
          + "PRIMARY KEY (workflow_id, identity_key))");
      db.execSQL("INSERT INTO items_v2 SELECT workflow_id, identity_key, type, created_at, round_number, item_json, "
          + "seq FROM items WHERE workflow_id IN (SELECT id FROM workflows)");
      db.execSQL("DROP TABLE items");
      db.execSQL("ALTER TABLE items_v2 RENAME TO items");
      db.execSQL("CREATE INDEX items_by_seq ON items(workflow_id, seq)");
    }
  };

  /** Version 3: what the size limit needs, as {@link SharedSchema#VERSION_3} says. */
  static final Migration TO_3 = new Migration(2, 3) {
    @Override public void migrate(@NonNull SupportSQLiteDatabase db) {
      for (String statement : SharedSchema.VERSION_3) db.execSQL(statement);
    }
  };

  /** Version 4: the offline queue, as {@link SharedSchema#VERSION_4} says. */
  static final Migration TO_4 = new Migration(3, 4) {
    @Override public void migrate(@NonNull SupportSQLiteDatabase db) {
      for (String statement : SharedSchema.VERSION_4) db.execSQL(statement);
    }
  };

  /** Every step, in order; {@link RoomThreadStore} registers them all. */
  static final Migration[] ALL = {TO_2, TO_3, TO_4};

  /** Creates the triggers in a new database, whose tables and indexes Room creates from the entities. */
  static final RoomDatabase.Callback CREATE_TRIGGERS = new RoomDatabase.Callback() {
    @Override public void onCreate(@NonNull SupportSQLiteDatabase db) {
      for (String trigger : SharedSchema.ITEM_BYTES_TRIGGERS) db.execSQL(trigger);
    }
  };

  private SchemaMigrations() {}
}
