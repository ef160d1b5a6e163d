package dev.threadline.store.sqlite;

import static dev.threadline.store.contract.StoreFixtures.numbered;
import static dev.threadline.store.contract.StoreFixtures.numberedRange;
import static dev.threadline.store.contract.StoreFixtures.upsert;
import static dev.threadline.store.contract.StoreFixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadline.ChatThread;
import dev.threadline.StoreException;
import dev.threadline.ThreadChange;
import dev.threadline.Workflow;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write the file system refuses (a full disk, a read-only file) fails with a {@link StoreException} that
 * says so, stores nothing of its batch, and leaves what was stored readable.
 */
class WriteFailureTest {
  @TempDir Path dir;

  @Test void aFullDiskFailsTheWholeBatchAndKeepsWhatWasStored() throws Exception {
    Path file;
    try (SqliteThreadStore store = SqliteThreadStore.open(dir, "alice")) {
      file = store.file();
      store.apply(List.of(upsert(workflow("wf-1", "5"), numberedRange("wf-1", 0, 100))));
      ChatThread before = store.loadThread("wf-1");
      // SQLite's own size cap gives SQLITE_FULL, the very error a full disk gives.
      store.executeOnWriter("PRAGMA max_page_count = " + pageCount(file));

      Workflow later = workflow("wf-1", "6");
      StoreException e = assertThrows(StoreException.class, () -> store.apply(List.of(
          ThreadChange.workflowOnly(workflow("wf-2", "7")),
          upsert(later, numberedRange("wf-1", 100, 2_100)))));

      assertTrue(e.getMessage().contains("disk is full"), e.getMessage());
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      assertEquals(before, store.loadThread("wf-1"), "part of the failed batch was stored");
      assertEquals(1, store.loadThreads(0, 10).size(), "part of the failed batch was stored");
      // Small writes that fit still go through: the store is not broken, only full.
      store.apply(List.of(ThreadChange.workflowOnly(later)));
    }
    try (SqliteThreadStore store = SqliteThreadStore.openFile(file); RawDatabase db = RawDatabase.open(file)) {
      assertEquals("ok", db.single("PRAGMA integrity_check"));
      assertEquals(100, store.loadThread("wf-1").items().size());
      store.apply(List.of(upsert(workflow("wf-1", "8"), numberedRange("wf-1", 100, 2_100))));
      assertEquals(2_100, store.loadThread("wf-1").items().size());
    }
  }

  @Test void aDatabaseRefusingWritesFailsThemAsReadOnlyAndStaysReadable() {
    try (SqliteThreadStore store = SqliteThreadStore.open(dir, "alice")) {
      store.apply(List.of(upsert(workflow("wf-1", "5"), numberedRange("wf-1", 0, 10))));
      // What SQLite answers for a file it may not write: SQLITE_READONLY. (As root, file permissions
      // cannot produce it; the test below does where they can.)
      store.executeOnWriter("PRAGMA query_only = ON");

      StoreException e = assertThrows(StoreException.class,
          () -> store.apply(List.of(upsert(workflow("wf-1", "6"), List.of(numbered("wf-1", 10))))));

      assertTrue(e.getMessage().contains("read-only"), e.getMessage());
      assertEquals(10, store.loadThread("wf-1").items().size());
      assertThrows(StoreException.class, () -> store.deleteThread("wf-1"));
      assertThrows(StoreException.class, store::clear);
      assertEquals(10, store.loadThread("wf-1").items().size());
    }
  }

  @Test void aReadOnlyFileFailsWritesAndStaysReadable() throws Exception {
    assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "no POSIX permissions here");
    Path file;
    try (SqliteThreadStore store = SqliteThreadStore.open(dir, "alice")) {
      file = store.file();
      store.apply(List.of(upsert(workflow("wf-1", "5"), numberedRange("wf-1", 0, 10))));
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assumeTrue(!canWrite(file), "file permissions are not enforced for this user (root)");

    try (SqliteThreadStore store = SqliteThreadStore.openFile(file)) {
      StoreException e = assertThrows(StoreException.class,
          () -> store.apply(List.of(upsert(workflow("wf-1", "6"), List.of(numbered("wf-1", 10))))));

      assertTrue(e.getMessage().contains("read-only"), e.getMessage());
      assertEquals(10, store.loadThread("wf-1").items().size());
    } finally {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  private static long pageCount(Path file) throws Exception {
    try (RawDatabase db = RawDatabase.open(file)) {
      return Long.parseLong(db.single("PRAGMA page_count"));
    }
  }

  private static boolean canWrite(Path file) {
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
