package dev.threadline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.EpochSeconds;
import dev.threadline.InMemoryThreadStore;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadStore;
import dev.threadline.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The batching writer stores exactly what writing each change on its own would. */
class StoreWriterTest {
  private static ChatItem item(String thread, int n, int version) {
    return ChatItem.of("log", EpochSeconds.parse(n + ".5"),
        "{\"id\": \"log_" + n + "\", \"workflowId\": \"" + thread + "\", \"progress\": " + version + "}");
  }

  private static Workflow workflow(String id, int version) {
    return Workflow.fromJson("{\"id\": \"" + id + "\", \"status\": \"running\", \"lastActivity\": " + version + "}");
  }

  @Test void batchedAndCoalescedWritesEqualSequentialWrites() throws Exception {
    Random random = new Random(7);
    List<ThreadChange> changes = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      String thread = random.nextInt(4) == 0 ? "wf_b" : "wf_a";
      int n = random.nextInt(300);
      List<String> removed = random.nextInt(50) == 0
          ? Collections.singletonList(item(thread, random.nextInt(300), 0).identityKey()) : Collections.emptyList();
      changes.add(new ThreadChange(workflow(thread, i), Collections.singletonList(item(thread, n, i)), removed));
    }
    InMemoryThreadStore expected = new InMemoryThreadStore();
    for (ThreadChange change : changes) expected.apply(Collections.singletonList(change));

    List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    InMemoryThreadStore actual = new InMemoryThreadStore();
    ThreadStore recording = new ThreadStore() {
      @Override public List<Workflow> loadThreads(int offset, int limit) {
        return actual.loadThreads(offset, limit);
      }

      @Override public ChatThread loadThread(String workflowId) {
        return actual.loadThread(workflowId);
      }

      @Override public void apply(List<ThreadChange> batch) {
        batchSizes.add(batch.size());
        actual.apply(batch);
      }

      @Override public void deleteThread(String workflowId) {
        actual.deleteThread(workflowId);
      }

      @Override public void clear() {
        actual.clear();
      }

      @Override public List<dev.threadline.QueuedPrompt> loadQueuedPrompts() {
        return actual.loadQueuedPrompts();
      }

      @Override public void queuePrompt(dev.threadline.QueuedPrompt prompt) {
        actual.queuePrompt(prompt);
      }

      @Override public boolean removeQueuedPrompt(String id) {
        return actual.removeQueuedPrompt(id);
      }

      @Override public void close() {
        actual.close();
      }
    };
    StoreWriter writer = new StoreWriter(recording, 200, 50, error -> { throw error; });
    for (ThreadChange change : changes) writer.write(change);
    CountDownLatch written = new CountDownLatch(1);
    writer.whenWritten(written::countDown);
    assertTrue(written.await(10, TimeUnit.SECONDS));

    for (String thread : new String[] {"wf_a", "wf_b"}) {
      assertEquals(expected.loadThread(thread), actual.loadThread(thread), thread);
    }
    int transactions = batchSizes.size();
    int storedChanges = batchSizes.stream().mapToInt(Integer::intValue).sum();
    assertTrue(storedChanges < changes.size() / 2, "changes were not coalesced: " + storedChanges);
    assertTrue(transactions < changes.size() / 10, "writes were not batched: " + transactions);
    writer.close();
  }
}
