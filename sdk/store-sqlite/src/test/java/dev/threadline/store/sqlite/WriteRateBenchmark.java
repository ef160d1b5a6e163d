package dev.threadline.store.sqlite;

import static dev.threadline.store.contract.StoreFixtures.item;
import static dev.threadline.store.contract.StoreFixtures.upsert;
import static dev.threadline.store.contract.StoreFixtures.workflow;

import dev.threadline.ChatItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures how many items per second {@link SqliteThreadStore#apply} stores in batches of 200 realistic
 * items (about 300 bytes of item JSON each), and how long loading a thread of 100,000 such items takes.
 * Off by default, and it asserts nothing: timing belongs in a
 * report, not a pass/fail. Run with
 * {@code mvn -pl sdk/store-sqlite test -Dtest=WriteRateBenchmark -Dthreadline.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "threadline.benchmark", matches = "true")
class WriteRateBenchmark {
  private static final int BATCH = 200;
  private static final int WARM_UP_BATCHES = 50;
  private static final int MEASURED_BATCHES = 500;

  @TempDir Path dir;

  @Test void batchedWriteRate() {
    try (SqliteThreadStore store = SqliteThreadStore.open(dir, "benchmark")) {
      long n = 0;
      for (int b = 0; b < WARM_UP_BATCHES; b++, n += BATCH) store.apply(List.of(upsert(workflow("wf-warm", "1"), batch(n))));

      List<List<ChatItem>> batches = new ArrayList<>();
      long bytes = 0;
      for (int b = 0; b < MEASURED_BATCHES; b++, n += BATCH) {
        List<ChatItem> batch = batch(n);
        for (ChatItem item : batch) bytes += item.itemJson().length();
        batches.add(batch);
      }
      long start = System.nanoTime();
      for (int b = 0; b < MEASURED_BATCHES; b++) {
        // A few threads, as a client streaming several at once would write.
        store.apply(List.of(upsert(workflow("wf-" + (b % 4), Integer.toString(1000 + b)), batches.get(b))));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long items = (long) MEASURED_BATCHES * BATCH;
      System.out.printf(Locale.ROOT, "apply(): %d items in batches of %d (avg %d bytes of item JSON) in %.2f s: "
              + "%.0f items/s, %.1f batches/s, %.2f ms per batch%n",
          items, BATCH, bytes / items, seconds, items / seconds, MEASURED_BATCHES / seconds,
          seconds * 1000 / MEASURED_BATCHES);
    }
  }

  @Test void loadingAThreadOfAHundredThousandItems() {
    try (SqliteThreadStore store = SqliteThreadStore.open(dir, "benchmark")) {
      for (long n = 0; n < 100_000; n += BATCH) store.apply(List.of(upsert(workflow("wf-big", "1"), batch(n))));
      for (int round = 1; round <= 3; round++) {
        long start = System.nanoTime();
        int loaded = store.loadThread("wf-big").items().size();
        System.out.printf(Locale.ROOT, "loadThread(): %d items in %.0f ms (round %d)%n",
            loaded, (System.nanoTime() - start) / 1e6, round);
      }
    }
  }

  /** Items n..n+BATCH: messages and logs shaped like the backend's, about 300 bytes of JSON each. */
  private static List<ChatItem> batch(long first) {
    List<ChatItem> items = new ArrayList<>(BATCH);
    for (long n = first; n < first + BATCH; n++) {
      String createdAt = "17373315" + String.format(Locale.ROOT, "%02d.%06d", (n / 1_000_000) % 100, n % 1_000_000);
      if (n % 3 == 0) {
        items.add(item("message", createdAt, "{\"id\":\"msg_9f2c4e1a7b" + n + "\",\"workflowId\":\"wf_41d8cd98f00b204e\","
            + "\"role\":\"assistant\",\"message\":\"Refunds are accepted within 30 days of purchase when the item is "
            + "unused and in its original packaging; contact support with your order number and receipt.\",\"roundNumber\":"
            + (n / 50 + 1) + ",\"sequenceNr\":" + n + ",\"status\":\"step\"}"));
      } else {
        items.add(item("log", createdAt, "{\"id\":\"log_77ad0c3e5f" + n + "\",\"workflowId\":\"wf_41d8cd98f00b204e\","
            + "\"message\":\"Analysing request: searching the knowledge base for refund policy documents and "
            + "recent changes to the returns process...\",\"type\":\"info\",\"timestamp\":" + createdAt + ",\"status\":\"running\","
            + "\"progress\":0.2,\"roundNumber\":" + (n / 50 + 1) + "}"));
      }
    }
    return items;
  }
}
