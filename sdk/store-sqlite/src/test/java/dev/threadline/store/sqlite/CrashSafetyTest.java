package dev.threadline.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.store.contract.StoreFixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that is writing to a store ({@code kill -9}) at random moments, again and again, and
 * checks after each kill that the file is intact and holds exactly the batches committed: never part of a
 * batch, never less than the writer had been told was committed.
 *
 * <p>Runs {@code -Dthreadline.crashRuns=N} kills (20 by default); {@code -Dthreadline.crashSeed=S} repeats
 * a failing sequence of kill moments.
 */
class CrashSafetyTest {
  private static final int BATCH = 100;
  /** More than a writer gets through before the latest kill; the limit keeps the file small if it does. */
  private static final long ITEMS_PER_RUN = 40_000;

  @TempDir Path dir;

  @Test @Timeout(300) void aKilledWriterLeavesAnIntactFileHoldingWholeCommittedBatches() throws Exception {
    int runs = Integer.getInteger("threadline.crashRuns", 20);
    long seed = Long.getLong("threadline.crashSeed", System.nanoTime());
    Random random = new Random(seed);
    Path file = dir.resolve("crash.db");
    Map<String, Long> storedPerThread = new LinkedHashMap<>();
    long killedWhileWriting = 0;

    for (int run = 0; run < runs; run++) {
      String workflowId = "wf-run-" + run;
      String context = "run " + run + " of seed " + seed;
      Child child = Child.start(file, workflowId, dir);
      // Most kills land while batches stream; every fourth may land while the child starts and opens (or on
      // run 0, creates) the database.
      if (run % 4 == 3) {
        Thread.sleep(random.nextInt(800));
      } else {
        child.awaitFirstCommit(context);
        Thread.sleep(random.nextInt(250));
      }
      long committed = child.kill();

      long stored = verify(file, workflowId, committed, context);
      storedPerThread.put(workflowId, stored);
      if (stored > 0 && stored < ITEMS_PER_RUN) killedWhileWriting++;
      assertEarlierRunsIntact(file, storedPerThread, context);
    }
    System.out.println("Crash runs (seed " + seed + "): items stored per run " + storedPerThread);
    assertTrue(killedWhileWriting >= runs / 2, "only " + killedWhileWriting + " of " + runs
        + " kills landed while batches were being written (seed " + seed + ")");
  }

  /** Checks the file after a kill and returns how many items of {@code workflowId} it holds. */
  private static long verify(Path file, String workflowId, long committed, String context) throws Exception {
    if (!Files.exists(file)) {
      assertEquals(0, committed, context);
      return 0;
    }
    try (RawDatabase db = RawDatabase.open(file)) {
      assertEquals("ok", db.single("PRAGMA integrity_check"), context);
    }
    try (SqliteThreadStore store = SqliteThreadStore.openFile(file)) {
      ChatThread thread = store.loadThread(workflowId);
      List<ChatItem> items = thread == null ? List.of() : thread.items();
      long stored = items.size();
      for (int i = 0; i < stored; i++) {
        long n = StoreFixtures.numberOf(items.get(i));
        if (n != i) fail(context + ": item " + i + " is number " + n + ", not a prefix");
      }
      assertEquals(0, stored % BATCH, context + ": part of a batch was stored");
      assertTrue(stored == committed || stored == committed + BATCH,
          context + ": " + stored + " items stored, but the writer had committed " + committed);
      return stored;
    }
  }

  private static void assertEarlierRunsIntact(Path file, Map<String, Long> storedPerThread, String context)
      throws Exception {
    try (RawDatabase db = RawDatabase.open(file)) {
      Map<String, Long> counts = new HashMap<>();
      for (String row : db.rows("SELECT workflow_id, count(*) FROM items GROUP BY workflow_id")) {
        String[] columns = row.split("\\|");
        counts.put(columns[0], Long.parseLong(columns[1]));
      }
      for (Map.Entry<String, Long> expected : storedPerThread.entrySet()) {
        assertEquals(expected.getValue(), counts.getOrDefault(expected.getKey(), 0L),
            context + ": the items of " + expected.getKey() + " changed");
      }
    }
  }

  /** A {@link CrashingWriter} in its own JVM, on this test's class path. */
  private static final class Child {
    private final Process process;
    private final Path progress;
    private final Path errors;
    private final CountDownLatch started = new CountDownLatch(1);
    private final Thread reader;

    private Child(Process process, Path progress, Path errors) {
      this.process = process;
      this.progress = progress;
      this.errors = errors;
      this.reader = new Thread(this::readOutput, "crash-child-output");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Path file, String workflowId, Path dir) throws IOException {
      String java = ProcessHandle.current().info().command().orElse(
          Path.of(System.getProperty("java.home"), "bin", "java").toString());
      Path errors = Files.createTempFile(dir, "child", ".err");
      Path progress = Files.createTempFile(dir, "child", ".progress");
      List<String> command = new ArrayList<>(List.of(java,
          // A quick start matters more than peak speed for a process that lives a second.
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx256m",
          // The driver unpacks its native library here; a killed JVM cannot delete it on exit.
          "-Dorg.sqlite.tmpdir=" + dir,
          "-cp", System.getProperty("java.class.path"),
          CrashingWriter.class.getName(),
          file.toString(), progress.toString(), workflowId, Integer.toString(BATCH), Long.toString(ITEMS_PER_RUN)));
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      return new Child(process, progress, errors);
    }

    void awaitFirstCommit(String context) throws Exception {
      if (!started.await(30, TimeUnit.SECONDS)) fail(context + ": the writer did not start: " + errors());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (Files.size(progress) == 0) {
        if (System.nanoTime() > deadline || !process.isAlive()) fail(context + ": no batch committed: " + errors());
        Thread.sleep(1);
      }
    }

    /** Kills the process with SIGKILL and returns how many items it had reported committed. */
    long kill() throws Exception {
      if (!process.isAlive()) fail("the writer ended by itself (exit " + process.exitValue() + "): " + errors());
      process.destroyForcibly();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the killed writer did not end");
      String written = Files.readString(progress, StandardCharsets.US_ASCII);
      // A line the kill cut short has no newline yet; the one before it is the last whole report.
      String whole = written.substring(0, written.lastIndexOf('\n') + 1).trim();
      return whole.isEmpty() ? 0 : Long.parseLong(whole.substring(whole.lastIndexOf('\n') + 1));
    }

    private void readOutput() {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.equals("started")) started.countDown();
        }
      } catch (IOException e) {
        // The pipe breaks when the process is killed; only "started", long before, is read from it.
      }
    }

    private String errors() throws IOException {
      return Files.readString(errors);
    }
  }
}
