package dev.threadline.store.room;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import android.content.Context;
import android.database.Cursor;
import android.database.sqlite.SQLiteDatabase;
import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import dev.threadline.StoreException;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadStore;
import dev.threadline.Workflow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.SQLiteMode;

/** Databases written by the first Room store (version 1) open and keep their data; newer ones are refused. */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
@SQLiteMode(SQLiteMode.Mode.NATIVE)
public class SchemaMigrationTest {
  private final Context context = RuntimeEnvironment.getApplication();

  @Test public void aVersion1DatabaseIsUpgradedAndKeepsItsData() {
    String account = "alice";
    String item = "{\"id\":\"a\",\"message\":\"caf\u00e9\",\"roundNumber\":1}";
    try (SQLiteDatabase db = create(account)) {
      // Room's version 1 exactly as the first release created it (schemas/…/1.json).
      execute(db,
          "CREATE TABLE IF NOT EXISTS `workflows` (`id` TEXT NOT NULL, `json` TEXT NOT NULL, `last_activity` REAL, "
              + "PRIMARY KEY(`id`))",
          "CREATE INDEX IF NOT EXISTS `workflows_by_activity` ON `workflows` (`last_activity` DESC, `id` ASC)",
          "CREATE TABLE IF NOT EXISTS `items` (`workflow_id` TEXT NOT NULL, `identity_key` TEXT NOT NULL, "
              + "`type` TEXT NOT NULL, `created_at` TEXT NOT NULL, `round_number` INTEGER, `item_json` TEXT NOT NULL, "
              + "`seq` INTEGER NOT NULL, PRIMARY KEY(`workflow_id`, `identity_key`))",
          "CREATE INDEX IF NOT EXISTS `items_by_seq` ON `items` (`workflow_id`, `seq`)",
          "CREATE TABLE IF NOT EXISTS room_master_table (id INTEGER PRIMARY KEY,identity_hash TEXT)",
          "INSERT OR REPLACE INTO room_master_table (id,identity_hash) VALUES(42, '3a8b349d119e74cd32b0fc75791962ef')",
          "INSERT INTO workflows VALUES ('wf-old', '{\"id\":\"wf-old\",\"lastActivity\":9.5}', 9.5)",
          "INSERT INTO workflows VALUES ('wf-new', '{\"id\":\"wf-new\",\"lastActivity\":20}', 20)",
          // Tied on time and round: seq 7 was inserted before seq 9 and stays first.
          "INSERT INTO items VALUES ('wf-new', 'message\u001fid\u001fb', 'message', '5.50', 1, "
              + "'{\"id\":\"b\",\"roundNumber\":1}', 7)",
          "INSERT INTO items VALUES ('wf-new', 'message\u001fid\u001fa', 'message', '5.5', 1, '" + item + "', 9)",
          // Version 1 had no foreign key, so an item could outlive its thread; the upgrade drops it.
          "INSERT INTO items VALUES ('wf-gone', 'message\u001fid\u001fz', 'message', '1', 1, '{\"id\":\"z\"}', 1)",
          "PRAGMA user_version = 1");
    }

    // As the limit: wf-new as it will be after one more item, c.
    ThreadStore store = open(account, utf8("{\"id\":\"wf-new\",\"lastActivity\":20}")
        + utf8("{\"id\":\"b\",\"roundNumber\":1}") + utf8(item) + utf8("{\"id\":\"c\",\"roundNumber\":1}"));
    try {
      assertEquals(List.of("wf-new", "wf-old"),
          store.loadThreads(0, 10).stream().map(Workflow::id).collect(Collectors.toList()));
      assertEquals(List.of("b", "a"), ids(store.loadThread("wf-new").items()));
      assertNull(store.loadThread("wf-gone"));
      assertEquals(utf8("{\"id\":\"wf-old\",\"lastActivity\":9.5}") + utf8("{\"id\":\"wf-new\",\"lastActivity\":20}")
          + utf8("{\"id\":\"b\",\"roundNumber\":1}") + utf8(item), store.sizeBytes());

      // The upgraded database takes new writes that keep the old items' places, and evicts by opening.
      Workflow wf = store.loadThread("wf-new").workflow();
      store.apply(List.of(new ThreadChange(wf, List.of(
          ChatItem.of("message", EpochSeconds.parse("5.5"), "{\"id\":\"c\",\"roundNumber\":1}"),
          ChatItem.of("message", EpochSeconds.parse("5.5"), "{\"id\":\"b\",\"roundNumber\":1}")), List.of())));
      assertEquals(List.of("b", "a", "c"), ids(store.loadThread("wf-new").items()));
      store.markOpened("wf-new");
      assertEquals(List.of("wf-old"), store.evict(Set.of()));
    } finally {
      store.close();
    }

    try (SQLiteDatabase db = SQLiteDatabase.openDatabase(path(account), null, SQLiteDatabase.OPEN_READONLY)) {
      assertEquals(List.of("4"), rows(db, "PRAGMA user_version"));
      assertEquals(List.of("0"), rows(db, "SELECT count(*) FROM queued_prompts"));
      assertEquals(List.of("workflows|id|NO ACTION"), rows(db, "SELECT \"table\", \"to\", on_delete FROM pragma_foreign_key_list('items')"));
      assertEquals(List.of("items_bytes_on_delete", "items_bytes_on_insert", "items_bytes_on_update"),
          rows(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"));
      assertEquals(List.of("wf-new|1|" + (utf8("{\"id\":\"b\",\"roundNumber\":1}") + utf8(item)
              + utf8("{\"id\":\"c\",\"roundNumber\":1}"))),
          rows(db, "SELECT id, last_opened, item_bytes FROM workflows"));
      assertEquals(List.of("ok"), rows(db, "PRAGMA integrity_check"));
    }
  }

  @Test public void aDatabaseOfANewerSchemaIsRefusedAndLeftUntouched() {
    String account = "bob";
    try (SQLiteDatabase db = create(account)) {
      execute(db, "CREATE TABLE threads_newer (anything TEXT)", "PRAGMA user_version = 99");
    }

    ThreadStore store = open(account, ThreadStore.UNLIMITED);
    try {
      assertThrows(StoreException.class, () -> store.loadThreads(0, 10));
    } finally {
      store.close();
    }

    try (SQLiteDatabase db = SQLiteDatabase.openDatabase(path(account), null, SQLiteDatabase.OPEN_READONLY)) {
      assertEquals(List.of("99"), rows(db, "PRAGMA user_version"));
      // android_metadata is Android's own, made by this test's openOrCreateDatabase.
      assertEquals(List.of("threads_newer"),
          rows(db, "SELECT name FROM sqlite_master WHERE name <> 'android_metadata'"));
    }
  }

  private ThreadStore open(String account, long sizeLimitBytes) {
    return new OffMainThreadStore(RoomThreadStore.open(context, account, sizeLimitBytes));
  }

  private String path(String account) {
    return context.getDatabasePath(RoomThreadStore.databaseName(account)).getPath();
  }

  private SQLiteDatabase create(String account) {
    context.getDatabasePath(RoomThreadStore.databaseName(account)).getParentFile().mkdirs();
    return SQLiteDatabase.openOrCreateDatabase(path(account), null);
  }

  private static void execute(SQLiteDatabase db, String... statements) {
    for (String sql : statements) {
      // PRAGMA user_version returns no rows but Android's execSQL accepts it; rawQuery is for SELECTs.
      db.execSQL(sql);
    }
  }

  /** Each row of {@code sql}'s result as its columns joined by "|" (null as "null"). */
  private static List<String> rows(SQLiteDatabase db, String sql) {
    List<String> rows = new ArrayList<>();
    try (Cursor cursor = db.rawQuery(sql, null)) {
      while (cursor.moveToNext()) {
        List<String> values = new ArrayList<>();
        for (int c = 0; c < cursor.getColumnCount(); c++) values.add(String.valueOf(cursor.getString(c)));
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }

  private static List<String> ids(List<ChatItem> items) {
    return items.stream().map(ChatItem::id).collect(Collectors.toList());
  }

  private static long utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
