package dev.threadline.store.sqlite;

import static dev.threadline.store.contract.StoreFixtures.item;
import static dev.threadline.store.contract.StoreFixtures.numberedRange;
import static dev.threadline.store.contract.StoreFixtures.upsert;
import static dev.threadline.store.contract.StoreFixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When {@code deleteThread} or {@code clear} returns, the text is in neither the database file nor its log,
 * even while other threads keep reading the cache (a reader used to keep the log's checkpoint from
 * completing, leaving the deleted text in the {@code -wal} file).
 */
class DeletedTextUnderReadersTest {
  private static final int RUNS = 25;
  private static final String SECRET = "SECRET-" + "51d0a3";

  @TempDir Path dir;

  @Test void aDeletedThreadsTextIsGoneWhileOthersRead() throws Exception {
    for (int run = 0; run < RUNS; run++) {
      deleteWhileReading("delete-" + run, store -> store.deleteThread("wf-secret"));
    }
  }

  @Test void clearedTextIsGoneWhileOthersRead() throws Exception {
    for (int run = 0; run < RUNS; run++) {
      deleteWhileReading("clear-" + run, SqliteThreadStore::clear);
    }
  }

  @Test void aReaderOfAnotherProcessThatOutlastsTheBusyTimeoutIsReported() throws Exception {
    try (SqliteThreadStore store = SqliteThreadStore.open(dir, "other-process")) {
      storeSecretAndMore(store);
      store.executeOnWriter("PRAGMA busy_timeout = 50");
      try (RawDatabase otherProcess = RawDatabase.open(store.file())) {
        otherProcess.execute("BEGIN");
        otherProcess.rows("SELECT COUNT(*) FROM items");
        StoreException e = assertThrows(StoreException.class, () -> store.deleteThread("wf-secret"));
        assertTrue(e.getMessage().contains("-wal"), e.getMessage());
        assertNull(store.loadThread("wf-secret"), "deleted all the same");
        otherProcess.execute("COMMIT");
      }
      store.deleteThread("wf-other");
      assertFalse(contains(store.file(), SECRET));
      assertFalse(contains(Path.of(store.file() + "-wal"), SECRET), "the next delete empties the log");
    }
  }

  private static void storeSecretAndMore(SqliteThreadStore store) {
    store.apply(List.of(
        upsert(workflow("wf-secret", "5"), List.of(item("message", "1", "{\"id\":\"m1\",\"message\":\"" + SECRET + "\"}"))),
        upsert(workflow("wf-other", "6"), numberedRange("wf-other", 0, 300))));
  }

  private void deleteWhileReading(String account, Consumer<SqliteThreadStore> delete) throws Exception {
    try (SqliteThreadStore store = SqliteThreadStore.open(dir, account)) {
      storeSecretAndMore(store);
      AtomicBoolean reading = new AtomicBoolean(true);
      AtomicReference<Throwable> readFailure = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(2);
      Thread[] readers = new Thread[2];
      for (int i = 0; i < readers.length; i++) {
        readers[i] = new Thread(() -> {
          started.countDown();
          try {
            while (reading.get()) store.loadThread("wf-other");
          } catch (Throwable e) {
            readFailure.set(e);
          }
        }, "cache-reader-" + i);
        readers[i].start();
      }
      started.await();
      try {
        delete.accept(store);
        Path file = store.file();
        assertFalse(contains(file, SECRET), account + ": the deleted text is still in the database");
        assertFalse(contains(Path.of(file + "-wal"), SECRET), account + ": the deleted text is still in the log");
      } finally {
        reading.set(false);
        for (Thread reader : readers) reader.join(TimeUnit.SECONDS.toMillis(10));
      }
      assertNull(readFailure.get());
      assertNull(store.loadThread("wf-secret"));
    }
  }

  private static boolean contains(Path file, String text) throws Exception {
    return Files.exists(file) && new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
  }
}
