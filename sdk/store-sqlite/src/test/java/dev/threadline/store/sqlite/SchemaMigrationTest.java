package dev.threadline.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatItem;
import dev.threadline.StoreException;
import dev.threadline.Workflow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by every older version open and keep their data; files of newer versions are left alone. */
class SchemaMigrationTest {
  @TempDir Path dir;

  @Test void aVersion1FileIsUpgradedAndKeepsItsData() throws Exception {
    Path file = dir.resolve("v1.db");
    try (RawDatabase db = RawDatabase.open(file)) {
      // Schema v1 exactly as the first release created it.
      db.execute(
          "PRAGMA journal_mode = WAL",
          "CREATE TABLE workflows (id TEXT NOT NULL PRIMARY KEY, json TEXT NOT NULL)",
          "CREATE TABLE items (workflow_id TEXT NOT NULL REFERENCES workflows(id), "
              + "identity_key TEXT NOT NULL, type TEXT NOT NULL, created_at TEXT NOT NULL, round_number INTEGER, "
              + "item_json TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (workflow_id, identity_key))",
          "CREATE INDEX items_by_seq ON items(workflow_id, seq)",
          "INSERT INTO workflows VALUES ('wf-old', '{\"id\":\"wf-old\",\"lastActivity\":9.5,\"extra\":[1]}')",
          "INSERT INTO workflows VALUES ('wf-new', '{\"id\":\"wf-new\",\"lastActivity\":1737331542.020}')",
          "INSERT INTO workflows VALUES ('wf-none', '{\"id\":\"wf-none\"}')",
          // Two items tied on time and round: seq 7 was inserted before seq 9 and stays first.
          "INSERT INTO items VALUES ('wf-new', 'message\u001fid\u001fb', 'message', '5.50', 1, "
              + "'{\"id\":\"b\",\"roundNumber\":1}', 7)",
          "INSERT INTO items VALUES ('wf-new', 'message\u001fid\u001fa', 'message', '5.5', 1, "
              + "'{\"id\":\"a\",\"roundNumber\":1}', 9)",
          "INSERT INTO items VALUES ('wf-new', 'log\u001fat\u001f4.25\u001f', 'log', '4.250', NULL, "
              + "'{\"message\":\"no id\"}', 3)",
          "PRAGMA user_version = 1");
    }

    try (SqliteThreadStore store = SqliteThreadStore.openFile(file)) {
      assertEquals(List.of("wf-new", "wf-old", "wf-none"),
          store.loadThreads(0, 10).stream().map(Workflow::id).collect(Collectors.toList()));
      assertEquals("{\"id\":\"wf-old\",\"lastActivity\":9.5,\"extra\":[1]}", store.loadThread("wf-old").workflow().json());
      List<ChatItem> items = store.loadThread("wf-new").items();
      assertEquals(List.of("log 4.250 {\"message\":\"no id\"}", "message 5.50 {\"id\":\"b\",\"roundNumber\":1}",
              "message 5.5 {\"id\":\"a\",\"roundNumber\":1}"),
          items.stream().map(i -> i.type() + " " + i.createdAt() + " " + i.itemJson()).collect(Collectors.toList()));

      // The migrated file takes new writes that keep the old items' places.
      store.apply(List.of(new dev.threadline.ThreadChange(store.loadThread("wf-new").workflow(),
          List.of(ChatItem.of("message", dev.threadline.EpochSeconds.parse("5.5"), "{\"id\":\"c\",\"roundNumber\":1}"),
              ChatItem.of("message", dev.threadline.EpochSeconds.parse("5.5"), "{\"id\":\"a\",\"roundNumber\":1,\"v\":2}")),
          List.of())));
      assertEquals(List.of("b", "a", "c"), store.loadThread("wf-new").items().stream()
          .filter(i -> i.id() != null).map(ChatItem::id).collect(Collectors.toList()));
    }

    try (RawDatabase db = RawDatabase.open(file)) {
      assertEquals(String.valueOf(Schema.VERSION), db.single("PRAGMA user_version"));
      assertEquals(List.of("wf-new|1737331542.02|0", "wf-none|null|0", "wf-old|9.5|0"),
          db.rows("SELECT id, last_activity, last_opened FROM workflows ORDER BY id"));
      assertEquals("1", db.single("SELECT count(*) FROM sqlite_master WHERE name = 'workflows_by_activity'"));
      assertEquals("ok", db.single("PRAGMA integrity_check"));
    }
  }

  @Test void aVersion2FileIsUpgradedToVersion3WithItsSizeCountedAndNothingOpened() throws Exception {
    Path file = dir.resolve("v2.db");
    String item = "{\"id\":\"m1\",\"message\":\"caf\u00e9\"}";
    String workflow = "{\"id\":\"wf-1\",\"lastActivity\":5}";
    try (RawDatabase db = RawDatabase.open(file)) {
      // Schema v2 exactly as the second release created it.
      db.execute(
          "PRAGMA journal_mode = WAL",
          "CREATE TABLE workflows (id TEXT NOT NULL PRIMARY KEY, json TEXT NOT NULL, last_activity REAL)",
          "CREATE TABLE items (workflow_id TEXT NOT NULL REFERENCES workflows(id), "
              + "identity_key TEXT NOT NULL, type TEXT NOT NULL, created_at TEXT NOT NULL, round_number INTEGER, "
              + "item_json TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (workflow_id, identity_key))",
          "CREATE INDEX items_by_seq ON items(workflow_id, seq)",
          "CREATE INDEX workflows_by_activity ON workflows(last_activity DESC, id)",
          "INSERT INTO workflows VALUES ('wf-1', '" + workflow + "', 5)",
          "INSERT INTO workflows VALUES ('wf-2', '{\"id\":\"wf-2\"}', NULL)",
          "INSERT INTO items VALUES ('wf-1', 'message\u001fid\u001fm1', 'message', '1', NULL, '" + item + "', 1)",
          "PRAGMA user_version = 2");
    }
    long expected = utf8(workflow) + utf8(item) + utf8("{\"id\":\"wf-2\"}");

    try (SqliteThreadStore store = SqliteThreadStore.openFile(file, utf8(workflow) + utf8(item))) {
      assertEquals(expected, store.sizeBytes());
      store.markOpened("wf-1");
      // wf-2 was never opened: it goes first, and that is enough.
      assertEquals(List.of("wf-2"), store.evict(Set.of()));
      assertEquals(item, store.loadThread("wf-1").items().get(0).itemJson());
    }

    try (RawDatabase db = RawDatabase.open(file)) {
      assertEquals(String.valueOf(Schema.VERSION), db.single("PRAGMA user_version"));
      assertEquals(List.of("wf-1|1|" + utf8(item)), db.rows("SELECT id, last_opened, item_bytes FROM workflows"));
      assertEquals("ok", db.single("PRAGMA integrity_check"));
    }
  }

  @Test void anOlderFileGetsAnEmptyOfflineQueueThatKeepsPrompts() throws Exception {
    Path file = dir.resolve("v3.db");
    try (SqliteThreadStore store = SqliteThreadStore.openFile(file)) {
      store.apply(List.of(dev.threadline.ThreadChange.workflowOnly(Workflow.fromJson("{\"id\":\"wf-1\"}"))));
    }
    try (RawDatabase db = RawDatabase.open(file)) {
      // Back to the file as version 3 left it: no queue table.
      db.execute("DROP TABLE queued_prompts", "PRAGMA user_version = 3");
    }

    try (SqliteThreadStore store = SqliteThreadStore.openFile(file)) {
      assertEquals(List.of(), store.loadQueuedPrompts());
      store.queuePrompt(dev.threadline.QueuedPrompt.of("q-1", 1, dev.threadline.UserInput.of("Hi"), 5));
      assertEquals("wf-1", store.loadThread("wf-1").workflow().id());
    }
    try (RawDatabase db = RawDatabase.open(file)) {
      assertEquals(String.valueOf(Schema.VERSION), db.single("PRAGMA user_version"));
      assertEquals(List.of("q-1|1|null"), db.rows("SELECT id, position, workflow_id FROM queued_prompts"));
    }
  }

  @Test void aFileOfANewerSchemaIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("newer.db");
    int newer = Schema.VERSION + 1;
    try (RawDatabase db = RawDatabase.open(file)) {
      db.execute("CREATE TABLE threads_newer (anything TEXT)", "PRAGMA user_version = " + newer);
    }
    byte[] before = Files.readAllBytes(file);

    StoreException e = assertThrows(StoreException.class, () -> SqliteThreadStore.openFile(file));

    assertTrue(e.getMessage().contains("schema version " + newer), e.getMessage());
    try (RawDatabase db = RawDatabase.open(file)) {
      assertEquals(String.valueOf(newer), db.single("PRAGMA user_version"));
      assertEquals(List.of("threads_newer"), db.rows("SELECT name FROM sqlite_master"));
    }
    assertEquals(before.length, Files.readAllBytes(file).length);
  }

  private static long utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
