package dev.threadline.store.room;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import android.content.Context;
import android.database.Cursor;
import android.database.sqlite.SQLiteDatabase;
import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.EpochSeconds;
import dev.threadline.StoreException;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadStore;
import dev.threadline.Workflow;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.SQLiteMode;

/**
 * What the Room store adds to the shared contract: its schema is the desktop store's, its files are per
 * account and named safely, Room's own rules hold (no main-thread queries), and its write rate.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
@SQLiteMode(SQLiteMode.Mode.NATIVE)
public class RoomThreadStoreTest {
  private final Context context = RuntimeEnvironment.getApplication();
  private final List<ThreadStore> opened = new ArrayList<>();

  private ThreadStore open(String account) {
    ThreadStore store = new OffMainThreadStore(RoomThreadStore.open(context, account));
    opened.add(store);
    return store;
  }

  @After public void closeStores() {
    for (ThreadStore store : opened) store.close();
    opened.clear();
  }

  @Test public void theTablesAreTheDesktopStoresColumnForColumn() {
    String account = "alice";
    open(account).apply(List.of(ThreadChange.workflowOnly(workflow("wf-1", "5"))));
    closeStores();

    try (SQLiteDatabase db = SQLiteDatabase.openDatabase(
        context.getDatabasePath(RoomThreadStore.databaseName(account)).getPath(), null,
        SQLiteDatabase.OPEN_READONLY)) {
      // name, declared type, NOT NULL, position in the primary key
      assertEquals(List.of("id TEXT 1 1 null", "json TEXT 1 0 null", "last_activity REAL 0 0 null",
              "last_opened INTEGER 1 0 0", "item_bytes INTEGER 1 0 0"),
          rows(db, "PRAGMA table_info(workflows)", "name", "type", "notnull", "pk", "dflt_value"));
      assertEquals(List.of("workflow_id TEXT 1 1", "identity_key TEXT 1 2", "type TEXT 1 0",
              "created_at TEXT 1 0", "round_number INTEGER 0 0", "item_json TEXT 1 0", "seq INTEGER 1 0"),
          rows(db, "PRAGMA table_info(items)", "name", "type", "notnull", "pk"));
      assertEquals(List.of("workflows id NO ACTION"),
          rows(db, "PRAGMA foreign_key_list(items)", "table", "to", "on_delete"));
      assertEquals(List.of("workflow_id", "seq"), rows(db, "PRAGMA index_info(items_by_seq)", "name"));
      assertEquals(List.of("last_opened", "id"), rows(db, "PRAGMA index_info(workflows_by_last_opened)", "name"));
      assertEquals(List.of("items_bytes_on_delete", "items_bytes_on_insert", "items_bytes_on_update"),
          rows(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'items' ORDER BY name",
              "name"));
      assertEquals(List.of("id TEXT 1 1", "position INTEGER 1 0", "workflow_id TEXT 0 0", "input_json TEXT 1 0",
              "queued_at INTEGER 1 0"),
          rows(db, "PRAGMA table_info(queued_prompts)", "name", "type", "notnull", "pk"));
      assertEquals(List.of("position", "id"), rows(db, "PRAGMA index_info(queued_prompts_by_position)", "name"));
      assertEquals(List.of("4"), rows(db, "PRAGMA user_version", "user_version"));
      // column, descending
      assertEquals(List.of("last_activity 1", "id 0"),
          rows(db, "PRAGMA index_xinfo(workflows_by_activity)", "name", "desc").subList(0, 2));
    }
  }

  @Test public void unknownTypesAndFieldsAndExactTimesSurviveAReopen() {
    Workflow wf = Workflow.fromJson("{\"id\":\"wf-1\",\"status\":\"someday\",\"lastActivity\":1737331542.020000019,"
        + "\"tenant\":{\"region\":\"eu\",\"tags\":[1,2.50,null]}}");
    List<ChatItem> items = List.of(
        ChatItem.of("message", EpochSeconds.parse("1737331539.100"),
            "{\"id\":\"m1\",\"role\":\"user\",\"message\":\"Hi \\u00e9\\n\",\"roundNumber\":1,\"extra\":{\"a\":[]}}"),
        ChatItem.of("hologram", EpochSeconds.parse("1737331539.1000000001"),
            "{ \"frames\" : [ 1, 2 ],\"roundNumber\":1 }"),
        ChatItem.of("log", EpochSeconds.parse("1.7373315392E9"), "{\"message\":\"no id\",\"progress\":0.20}"));
    open("alice").apply(List.of(upsert(wf, items)));
    closeStores();

    ChatThread loaded = open("alice").loadThread("wf-1");

    assertEquals(wf.json(), loaded.workflow().json());
    assertEquals(describe(items), describe(loaded.items()));
  }

  @Test public void applyingABatchAgainChangesNothingAndAReplacementKeepsItsPlace() {
    ThreadStore store = open("alice");
    Workflow wf = workflow("wf-1", "10");
    // Three items at one time and round: only insertion order tells them apart.
    List<ChatItem> batch = List.of(log("a", "7", "first"), log("b", "7", "second"), log("c", "7", "third"));
    store.apply(List.of(upsert(wf, batch)));
    store.apply(List.of(upsert(wf, batch)));
    store.apply(List.of(upsert(wf, List.of(log("a", "7", "first, edited")))));

    assertEquals(List.of("first, edited", "second", "third"),
        store.loadThread("wf-1").items().stream().map(ChatItem::message).collect(Collectors.toList()));
  }

  @Test public void accountsGetSeparateDatabasesWithNamesSafeForAnyAccountId() {
    String awkward = "../bob/\u00fc\u0000:*?";
    ThreadStore alice = open("alice");
    ThreadStore bob = open(awkward);
    alice.apply(List.of(ThreadChange.workflowOnly(workflow("wf-a", "1"))));
    bob.apply(List.of(ThreadChange.workflowOnly(workflow("wf-b", "1"))));

    assertEquals(List.of("wf-a"), ids(alice.loadThreads(0, 10)));
    assertEquals(List.of("wf-b"), ids(bob.loadThreads(0, 10)));
    String name = RoomThreadStore.databaseName(awkward);
    assertTrue(name, name.matches("threadline-[0-9a-f]{64}\\.db"));
    assertNotEquals(RoomThreadStore.databaseName("alice"), RoomThreadStore.databaseName("Alice"));
    assertTrue(context.getDatabasePath(name).isFile());
  }

  @Test public void aQueryOnTheMainThreadIsAStoreException() {
    RoomThreadStore store = RoomThreadStore.open(context, "alice");
    try {
      assertThrows(StoreException.class, () -> store.loadThread("wf-1"));
    } finally {
      store.close();
    }
  }

  @Test public void aNegativePageIsRefusedNotReadAsUnlimited() {
    ThreadStore store = open("alice");
    assertThrows(IllegalArgumentException.class, () -> store.loadThreads(0, -1));
    assertThrows(IllegalArgumentException.class, () -> store.loadThreads(-1, 10));
  }

  @Test public void aBatchThatFailsHalfWayLeavesNothingAndTheStoreWorksOn() {
    ThreadStore store = open("alice");
    store.apply(List.of(upsert(workflow("wf-1", "1"), List.of(log("a", "1", "kept")))));
    ThreadChange first = upsert(workflow("wf-1", "2"), List.of(log("a", "1", "lost"), log("b", "2", "lost")));
    // The batch breaks while its second change is read, after the first one was written.
    List<ThreadChange> breaking = new AbstractList<ThreadChange>() {
      @Override public ThreadChange get(int index) {
        if (index == 1) throw new IllegalStateException("broken batch");
        return first;
      }

      @Override public int size() {
        return 2;
      }
    };

    assertThrows(StoreException.class, () -> store.apply(breaking));

    ChatThread thread = store.loadThread("wf-1");
    assertEquals("1", thread.workflow().lastActivity().toString());
    assertEquals(List.of("kept"), thread.items().stream().map(ChatItem::message).collect(Collectors.toList()));
    store.apply(List.of(first));
    assertEquals(2, store.loadThread("wf-1").items().size());
  }

  /** Android's default for a damaged database, which suits a cache: delete it and start again. */
  @Test public void aDamagedFileIsReplacedByAnEmptyCache() throws Exception {
    File file = context.getDatabasePath(RoomThreadStore.databaseName("alice"));
    assertTrue(file.getParentFile().isDirectory() || file.getParentFile().mkdirs());
    Files.write(file.toPath(), "SQLite format 3\u0000 and then nothing a database holds".getBytes(StandardCharsets.UTF_8));

    ThreadStore store = open("alice");

    assertEquals(List.of(), store.loadThreads(0, 10));
    store.apply(List.of(ThreadChange.workflowOnly(workflow("wf-1", "1"))));
    assertEquals(List.of("wf-1"), ids(store.loadThreads(0, 10)));
  }

  @Test public void aDamagedRowDeepInALargeThreadIsAStoreExceptionAndTheThreadCanBeDeleted() {
    String account = "alice";
    open(account).apply(List.of(upsert(workflow("wf-1", "1"), realisticItems("wf-1", 0, 3_000))));
    closeStores();
    try (SQLiteDatabase db = SQLiteDatabase.openDatabase(
        context.getDatabasePath(RoomThreadStore.databaseName(account)).getPath(), null,
        SQLiteDatabase.OPEN_READWRITE)) {
      // Far past the first chunk of rows, so likely decoded on another thread than the reading one.
      db.execSQL("UPDATE items SET item_json = '{not json' WHERE seq = (SELECT MIN(seq) + 2100 FROM items)");
    }

    ThreadStore store = open(account);

    StoreException e = assertThrows(StoreException.class, () -> store.loadThread("wf-1"));
    assertTrue(e.getMessage(), e.getMessage().contains("malformed"));
    store.deleteThread("wf-1");
    assertNull(store.loadThread("wf-1"));
  }

  @Test public void deletingAThreadLeavesTheOthers() {
    ThreadStore store = open("alice");
    store.apply(List.of(upsert(workflow("wf-1", "1"), List.of(log("a", "1", "x"))),
        upsert(workflow("wf-2", "2"), List.of(log("a", "1", "y")))));
    store.deleteThread("wf-1");

    assertNull(store.loadThread("wf-1"));
    assertEquals(1, store.loadThread("wf-2").items().size());
  }

  /**
   * The client writes in batches of about 200 items; this measures items per second for realistic items
   * (a few hundred bytes to 2 KB of JSON each) under Robolectric's native SQLite, after enough batches to
   * warm the JIT. A rough guide to a device's rate only; it asserts nothing about speed.
   */
  @Test public void writeRate() {
    ThreadStore store = open("alice");
    int perBatch = 200;
    int warmUp = 25;
    int measured = 50;
    List<List<ThreadChange>> work = new ArrayList<>();
    for (int b = 0; b < warmUp + measured; b++) {
      String workflowId = "wf-" + (b % 5);
      work.add(List.of(upsert(workflow(workflowId, String.valueOf(b)), realisticItems(workflowId, b * perBatch, perBatch))));
    }
    for (List<ThreadChange> batch : work.subList(0, warmUp)) store.apply(batch);

    long start = System.nanoTime();
    for (List<ThreadChange> batch : work.subList(warmUp, work.size())) store.apply(batch);
    double seconds = (System.nanoTime() - start) / 1e9;

    int written = measured * perBatch;
    System.out.printf("RoomThreadStore write rate: %d items in %d batches of %d in %.2f s = %.0f items/s%n",
        written, measured, perBatch, seconds, written / seconds);
    int stored = 0;
    for (int t = 0; t < 5; t++) stored += store.loadThread("wf-" + t).items().size();
    assertEquals(work.size() * perBatch, stored);
  }

  // ---- Fixtures ----------------------------------------------------------------------------------------

  private static Workflow workflow(String id, String lastActivity) {
    return Workflow.fromJson("{\"id\":\"" + id + "\",\"name\":\"Refunds?\",\"status\":\"running\","
        + "\"currentRound\":1,\"workflowMode\":\"Chatbot\",\"lastActivity\":" + lastActivity + "}");
  }

  private static ChatItem log(String id, String createdAt, String message) {
    return ChatItem.of(ChatItem.TYPE_LOG, EpochSeconds.parse(createdAt),
        "{\"id\":\"" + id + "\",\"message\":\"" + message + "\",\"roundNumber\":1}");
  }

  /** A stream's worth of items: mostly progress logs, some long assistant messages, a few stats. */
  private static List<ChatItem> realisticItems(String workflowId, int first, int count) {
    String answer = String.join(" ", Collections.nCopies(60, "Refunds are accepted within 30 days."));
    List<ChatItem> items = new ArrayList<>(count);
    for (int n = first; n < first + count; n++) {
      String createdAt = EpochSeconds.ofEpochMillis(1_737_331_539_000L + n).toString() + "123";
      String common = "\"id\":\"it_" + n + "\",\"workflowId\":\"" + workflowId + "\",\"roundNumber\":" + (n / 50);
      if (n % 10 == 0) {
        items.add(ChatItem.of(ChatItem.TYPE_MESSAGE, EpochSeconds.parse(createdAt), "{" + common
            + ",\"role\":\"assistant\",\"status\":\"completed\",\"message\":\"" + answer + "\","
            + "\"citations\":[{\"url\":\"https://example.com/refunds\",\"title\":\"Refund policy\"}]}"));
      } else if (n % 10 == 9) {
        items.add(ChatItem.of(ChatItem.TYPE_STAT, EpochSeconds.parse(createdAt), "{" + common
            + ",\"tokensIn\":1834,\"tokensOut\":412,\"latencyMs\":2310.5,\"model\":\"large-2025-01\"}"));
      } else {
        items.add(ChatItem.of(ChatItem.TYPE_LOG, EpochSeconds.parse(createdAt), "{" + common
            + ",\"message\":\"Searching the knowledge base for refund rules (step " + n + ")\","
            + "\"status\":\"running\",\"progress\":0." + (n % 10) + ",\"agent\":\"retriever\"}"));
      }
    }
    return items;
  }

  private static ThreadChange upsert(Workflow workflow, List<ChatItem> items) {
    return new ThreadChange(workflow, items, Collections.emptyList());
  }

  private static List<String> ids(List<Workflow> workflows) {
    return workflows.stream().map(Workflow::id).collect(Collectors.toList());
  }

  /** Every stored detail of the items, so a failure shows which one differs. */
  private static List<String> describe(List<ChatItem> items) {
    return items.stream().map(i -> i.type() + " @" + i.createdAt() + " " + i.itemJson()).collect(Collectors.toList());
  }

  private static List<String> rows(SQLiteDatabase db, String sql, String... columns) {
    List<String> rows = new ArrayList<>();
    try (Cursor cursor = db.rawQuery(sql, null)) {
      while (cursor.moveToNext()) {
        List<String> values = new ArrayList<>();
        for (String column : columns) values.add(cursor.getString(cursor.getColumnIndexOrThrow(column)));
        rows.add(String.join(" ", values));
      }
    }
    return rows;
  }
}
