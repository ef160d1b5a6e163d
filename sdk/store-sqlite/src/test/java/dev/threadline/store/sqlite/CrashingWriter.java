package dev.threadline.store.sqlite;

import static dev.threadline.store.contract.StoreFixtures.numberedRange;
import static dev.threadline.store.contract.StoreFixtures.upsert;
import static dev.threadline.store.contract.StoreFixtures.workflow;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link CrashSafetyTest}: writes items 0, 1, 2, … of one thread to a store file in
 * batches, as fast as it can, until it is killed. Prints {@code started} once the store is open, and
 * appends a line {@code N} to a progress file after each batch, when items 0..N-1 are committed. (A file,
 * not standard output: a parent may lose the last bytes of a killed child's pipe, a file keeps them.)
 *
 * <p>Arguments: the database file, the progress file, the thread's id, the batch size, and the number of
 * items after which it stops writing and waits (so the file stays small when a kill comes late).
 */
public final class CrashingWriter {
  private CrashingWriter() {}

  /** Runs the writer; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path file = Path.of(args[0]);
    Path progressFile = Path.of(args[1]);
    String workflowId = args[2];
    int batchSize = Integer.parseInt(args[3]);
    long limit = Long.parseLong(args[4]);
    try (SqliteThreadStore store = SqliteThreadStore.openFile(file);
        OutputStream progress = new FileOutputStream(progressFile.toFile(), true)) {
      System.out.println("started");
      System.out.flush();
      for (long next = 0; next < limit; next += batchSize) {
        store.apply(List.of(upsert(workflow(workflowId, Long.toString(1_000 + next)),
            numberedRange(workflowId, next, next + batchSize))));
        // One unbuffered write per line: a kill can cut a line short, but never lose a whole one.
        progress.write(((next + batchSize) + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      // Done writing: wait, store open, for the kill the test expects.
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
