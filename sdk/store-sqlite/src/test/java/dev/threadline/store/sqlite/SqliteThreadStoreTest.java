package dev.threadline.store.sqlite;

import static dev.threadline.store.contract.StoreFixtures.item;
import static dev.threadline.store.contract.StoreFixtures.message;
import static dev.threadline.store.contract.StoreFixtures.upsert;
import static dev.threadline.store.contract.StoreFixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadline.ChatItem;
import dev.threadline.StoreException;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadStore;
import dev.threadline.store.contract.ThreadStoreContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store passes the store contract, and keeps its files private and its schema as documented. */
class SqliteThreadStoreTest extends ThreadStoreContract {
  @TempDir Path dir;

  @Override protected ThreadStore openStore(String account) {
    return SqliteThreadStore.open(dir, account);
  }

  @Override protected ThreadStore openStore(String account, long sizeLimitBytes) {
    return SqliteThreadStore.open(dir, account, sizeLimitBytes);
  }

  @Test void theDatabaseItsLogAndANewDirectoryAreTheOwnersOnly() throws Exception {
    assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "no POSIX permissions here");
    Path cacheDir = dir.resolve("app").resolve("threadline");
    SqliteThreadStore store = SqliteThreadStore.open(cacheDir, "alice");
    try {
      store.apply(List.of(upsert(workflow("wf-1", "5"), List.of(message("m1", "1", 1)))));
      Path file = store.file();
      for (Path path : List.of(file, Path.of(file + "-wal"), Path.of(file + "-shm"))) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), path.toString());
      }
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir)));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir.getParent())));
    } finally {
      store.close();
    }
  }

  @Test void anExistingFileReadableByOthersIsMadeTheOwnersOnly() throws Exception {
    assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "no POSIX permissions here");
    Path file = dir.resolve("copied.db");
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));

    SqliteThreadStore.openFile(file).close();

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test void theFileNameIsFixedPerAccountAndDoesNotRevealIt() {
    Path alice = open("alice@example.com", SqliteThreadStore::file);
    Path aliceAgain = open("alice@example.com", SqliteThreadStore::file);
    Path bob = open("bob@example.com", SqliteThreadStore::file);

    assertEquals(alice, aliceAgain);
    assertNotEquals(alice, bob);
    assertEquals(dir, alice.getParent());
    assertTrue(alice.getFileName().toString().matches("threadline-[0-9a-f]{64}\\.db"), alice.toString());
  }

  @Test void aDirectoryNameWithUriSpecialCharactersWorks() throws Exception {
    Path odd = dir.resolve("we?ird #dir %20 & ü;x=1");
    SqliteThreadStore store = SqliteThreadStore.open(odd, "alice");
    try {
      store.apply(List.of(ThreadChange.workflowOnly(workflow("wf-1", "5"))));
      assertEquals(odd, store.file().getParent());
      assertTrue(Files.size(store.file()) > 0, "the data went to another file");
    } finally {
      store.close();
    }
  }

  @Test void aNewFileHasTheSharedSchema() throws Exception {
    Path file = open("alice", SqliteThreadStore::file);
    try (RawDatabase db = RawDatabase.open(file)) {
      assertEquals("4", db.single("PRAGMA user_version"));
      assertEquals("wal", db.single("PRAGMA journal_mode"));
      // name|type|notnull|pk, as Room's schema check reads them.
      assertEquals(List.of("id|TEXT|1|1|null", "json|TEXT|1|0|null", "last_activity|REAL|0|0|null",
              "last_opened|INTEGER|1|0|0", "item_bytes|INTEGER|1|0|0"),
          db.rows("SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info('workflows')"));
      assertEquals(List.of("workflow_id|TEXT|1|1", "identity_key|TEXT|1|2", "type|TEXT|1|0",
              "created_at|TEXT|1|0", "round_number|INTEGER|0|0", "item_json|TEXT|1|0", "seq|INTEGER|1|0"),
          db.rows("SELECT name, type, \"notnull\", pk FROM pragma_table_info('items')"));
      assertEquals(List.of("workflows|id|NO ACTION"),
          db.rows("SELECT \"table\", \"to\", on_delete FROM pragma_foreign_key_list('items')"));
      assertEquals(List.of("id|TEXT|1|1", "position|INTEGER|1|0", "workflow_id|TEXT|0|0",
              "input_json|TEXT|1|0", "queued_at|INTEGER|1|0"),
          db.rows("SELECT name, type, \"notnull\", pk FROM pragma_table_info('queued_prompts')"));
      assertEquals(List.of("items_by_seq", "queued_prompts_by_position", "workflows_by_activity",
              "workflows_by_last_opened"),
          db.rows("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"));
      assertEquals(List.of("last_opened|0", "id|0"),
          db.rows("SELECT name, \"desc\" FROM pragma_index_xinfo('workflows_by_last_opened') WHERE key = 1"));
      assertEquals(List.of("items_bytes_on_delete", "items_bytes_on_insert", "items_bytes_on_update"),
          db.rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'items' ORDER BY name"));
    }
  }

  @Test void deletedThreadsLeaveNoTextInTheFiles() throws Exception {
    SqliteThreadStore store = SqliteThreadStore.open(dir, "alice");
    Path file = store.file();
    String secret = "SECRET-" + "7c1f9e";
    try {
      store.apply(List.of(
          upsert(workflow("wf-1", "5"), List.of(dev.threadline.store.contract.StoreFixtures.item("message", "1",
              "{\"id\":\"m1\",\"message\":\"" + secret + " in thread 1\"}"))),
          upsert(workflow("wf-2", "5"), List.of(dev.threadline.store.contract.StoreFixtures.item("message", "1",
              "{\"id\":\"m1\",\"message\":\"" + secret + " in thread 2\"}")))));
      store.deleteThread("wf-1");
      assertFalse(contains(file, secret + " in thread 1"), "the deleted thread's text is still in the database");
      assertFalse(contains(Path.of(file + "-wal"), secret + " in thread 1"), "… or in its log");
      store.clear();
    } finally {
      store.close();
    }
    assertFalse(contains(file, secret), "cleared text is still in the database");
    assertFalse(Files.exists(Path.of(file + "-wal")) && contains(Path.of(file + "-wal"), secret));
  }

  @Test void aFileThatIsNotADatabaseIsReportedAsDamaged() throws Exception {
    Path file = dir.resolve("garbage.db");
    Files.write(file, "this is not an SQLite database, just some text long enough to have a header".repeat(20)
        .getBytes(StandardCharsets.UTF_8));

    StoreException e = assertThrows(StoreException.class, () -> SqliteThreadStore.openFile(file));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("damaged"), e.getMessage());
  }

  @Test void aDamagedRowIsReportedAsAStoreException() throws Exception {
    Path file = withDamagedRow(List.of(message("m1", "1", 1)), "");

    try (SqliteThreadStore store = SqliteThreadStore.openFile(file)) {
      assertReportedAsDamaged(store);
      store.deleteThread("wf-1");
      assertEquals(List.of(), store.loadThreads(0, 10));
    }
  }

  @Test void aDamagedRowDeepInALargeThreadIsReportedAsAStoreException() throws Exception {
    // Far past the reader's first chunk of rows, so likely decoded on another thread than the reading one.
    Path file = withDamagedRow(manyItems(3_000), " WHERE seq = (SELECT MIN(seq) + 2100 FROM items)");

    try (SqliteThreadStore store = SqliteThreadStore.openFile(file)) {
      assertReportedAsDamaged(store);
    }
  }

  /** A cache file holding thread wf-1 of {@code items}, the rows that {@code where} selects damaged. */
  private Path withDamagedRow(List<ChatItem> items, String where) throws Exception {
    Path file = open("alice", store -> {
      store.apply(List.of(upsert(workflow("wf-1", "5"), items)));
      return store.file();
    });
    try (RawDatabase db = RawDatabase.open(file)) {
      db.execute("UPDATE items SET item_json = '{not json'" + where);
    }
    return file;
  }

  private static void assertReportedAsDamaged(SqliteThreadStore store) {
    StoreException e = assertThrows(StoreException.class, () -> store.loadThread("wf-1"));
    assertTrue(e.getMessage().contains("damaged"), e.getMessage());
  }

  /** Messages and logs whose creation times are out of insertion order, some of them sharing one. */
  private static List<ChatItem> manyItems(int count) {
    List<ChatItem> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String createdAt = "1737331539." + String.format("%03d", (i * 7919) % 1000);
      items.add(i % 3 == 0
          ? item("log", createdAt, "{\"id\":\"log-" + i + "\",\"message\":\"step " + i + " caf\u00e9\","
              + "\"progress\":0.5,\"type\":\"info\"}")
          : message("m-" + i, createdAt, i % 5));
    }
    return items;
  }

  private <T> T open(String account, java.util.function.Function<SqliteThreadStore, T> read) {
    SqliteThreadStore store = SqliteThreadStore.open(dir, account);
    try {
      return read.apply(store);
    } finally {
      store.close();
    }
  }

  private static boolean contains(Path file, String text) throws Exception {
    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
  }
}
