package dev.threadline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.InMemoryThreadStore;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadStore;
import dev.threadline.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The model at the sizes where its structure changes shape (a tail of 32 items, trie levels at 1,056 and
 * 32,800 items): kept snapshots never change, and every way of merging agrees with a plain reference (a
 * list sorted by the item order, ties in first-arrival order).
 */
class ThreadModelTest {
  private static final Workflow WORKFLOW = Workflow.fromJson("{\"id\": \"wf_m\", \"status\": \"running\"}");

  private static ChatItem log(String id, long createdAtMillis, int progress) {
    return ChatItem.fromJson("{\"type\": \"log\", \"createdAt\": " + createdAtMillis / 1000 + "."
        + String.format("%03d", createdAtMillis % 1000) + ", \"item\": {\"id\": \"" + id
        + "\", \"workflowId\": \"wf_m\", \"roundNumber\": 1, \"progress\": " + progress + "}}");
  }

  /** The reference: first arrival decides ties, a replacement keeps it, sorted by the one item order. */
  private static final class Reference {
    final Map<String, ChatItem> byKey = new LinkedHashMap<>();

    void merge(ChatItem item) {
      byKey.put(item.identityKey(), item);
    }

    List<ChatItem> items() {
      List<ChatItem> items = new ArrayList<>(byKey.values());
      items.sort(ThreadStore.ITEM_ORDER);
      return items;
    }
  }

  /** {@code count} logs in order, {@code perTime} of them at each timestamp. */
  private static List<ChatItem> tied(String prefix, int count, int perTime) {
    List<ChatItem> items = new ArrayList<>();
    for (int i = 0; i < count; i++) items.add(log(prefix + i, 1_000_000L + (i / perTime) * 10L, 0));
    return items;
  }

  private static List<ChatItem> shuffled(List<ChatItem> items, long seed) {
    List<ChatItem> copy = new ArrayList<>(items);
    Collections.shuffle(copy, new Random(seed));
    return copy;
  }

  private static ThreadModel mergeEach(ThreadModel model, List<ChatItem> items) {
    for (ChatItem item : items) model = ThreadMerger.merge(model, Collections.singletonList(item)).model;
    return model;
  }

  @Test
  void aKeptSnapshotDoesNotChangeWhenItsSuccessorOrAForkAppends() {
    ThreadModel model = ThreadModel.EMPTY;
    List<ThreadModel> kept = new ArrayList<>();
    List<List<ChatItem>> seen = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      model = ThreadMerger.merge(model, Collections.singletonList(log("a" + i, 1_000_000L + i, 0))).model;
      if (i % 37 == 0 || i == 31 || i == 1_055) {
        kept.add(model);
        seen.add(new ArrayList<>(model.items()));
      }
    }
    // Forks: each kept snapshot gets other items appended, an item replaced and one inserted out of order.
    for (int k = 0; k < kept.size(); k++) {
      ThreadModel fork = kept.get(k);
      List<ChatItem> forkItems = new ArrayList<>(seen.get(k));
      for (int i = 0; i < 40; i++) {
        ChatItem item = log("f" + k + "_" + i, 2_000_000L + i, 0);
        fork = ThreadMerger.merge(fork, Collections.singletonList(item)).model;
        forkItems.add(item);
      }
      ChatItem replacement = log("a0", 1_000_000L, 99);
      fork = ThreadMerger.merge(fork, Collections.singletonList(replacement)).model;
      forkItems.set(0, replacement);
      assertEquals(forkItems, new ArrayList<>(fork.items()), "fork of snapshot " + k);
    }
    for (int k = 0; k < kept.size(); k++) {
      assertEquals(seen.get(k), new ArrayList<>(kept.get(k).items()), "kept snapshot " + k);
    }
  }

  @Test
  void outOfOrderInsertsReplacementsAndMovesAgreeWithTheReference() {
    Random random = new Random(15);
    Reference reference = new Reference();
    ThreadModel model = ThreadModel.EMPTY;
    ThreadModel before = model;
    List<ChatItem> beforeItems = new ArrayList<>();
    for (int step = 0; step < 4_000; step++) {
      ChatItem item;
      int kind = random.nextInt(10);
      String id = "i" + (kind < 6 ? step : random.nextInt(step + 1));
      // Mostly in order; some late, some at a time already held (a tie), some moving an item.
      long at = kind < 5 ? 1_000_000L + step * 10L : 1_000_000L + random.nextInt(step * 10 + 1);
      if (kind == 9) at = 1_000_000L + (random.nextInt(step + 1) * 10L);
      item = log(id, at, random.nextInt(3));
      ThreadMerger.Result result = ThreadMerger.merge(model, Collections.singletonList(item));
      ChatItem held = reference.byKey.get(item.identityKey());
      assertEquals(!item.equals(held), result.itemsChanged(), "step " + step);
      reference.merge(item);
      model = result.model;
      if (step % 500 == 0) {
        assertEquals(beforeItems, new ArrayList<>(before.items()), "snapshot before step " + step);
        before = model;
        beforeItems = new ArrayList<>(model.items());
      }
    }
    assertEquals(reference.items(), new ArrayList<>(model.items()));
    assertEquals(beforeItems, new ArrayList<>(before.items()));
  }

  @Test
  void aResyncRemovesWhatTheReReadLacksAndKeepsTheRestInOrder() {
    // Ties: five items per timestamp, so order among them is arrival order.
    List<ChatItem> items = tied("r", 2_000, 5);
    List<ChatItem> arrival = shuffled(items, 3);
    ThreadModel model = mergeEach(ThreadModel.EMPTY, arrival);
    Reference reference = new Reference();
    for (ChatItem item : arrival) reference.merge(item);
    ThreadModel kept = model;
    List<ChatItem> keptItems = new ArrayList<>(model.items());

    List<ChatItem> reread = new ArrayList<>();
    List<String> expectedRemoved = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ChatItem item = items.get(i);
      if (i % 7 == 3) {
        expectedRemoved.add(item.identityKey());
        reference.byKey.remove(item.identityKey());
      } else {
        reread.add(i == 100 ? log("r100", 1_000_000L + 200, 5) : item);
      }
    }
    reference.merge(log("r100", 1_000_000L + 200, 5));
    ThreadMerger.Result result = ThreadMerger.resync(model, new ChatThread(WORKFLOW, reread));
    Collections.sort(expectedRemoved);
    List<String> removed = new ArrayList<>(result.removedKeys);
    Collections.sort(removed);
    assertEquals(expectedRemoved, removed);
    assertEquals(Collections.singletonList(log("r100", 1_000_000L + 200, 5)), result.upserts);
    assertEquals(reference.items(), new ArrayList<>(result.model.items()));
    assertEquals(keptItems, new ArrayList<>(kept.items()), "the model before the resync");

    // After the removals, arrival still decides ties: a removed identity comes back last among its equals.
    ChatItem back = log("r3", 1_000_000L, 1);
    reference.merge(back);
    ThreadModel after = ThreadMerger.merge(result.model, Collections.singletonList(back)).model;
    assertEquals(reference.items(), new ArrayList<>(after.items()));
    ThreadMerger.Result again = ThreadMerger.resync(after, new ChatThread(WORKFLOW, new ArrayList<>(after.items())));
    assertFalse(again.itemsChanged());
    assertEquals(after.items().size(), again.duplicates);
  }

  @Test
  void reReadsThatDropAddRepeatMoveAndChangeItemsAgreeWithTheReference() {
    // Streamed in order, as a live thread is: the model's order and its arrivals agree, so a re-read is
    // matched position by position wherever it follows the model, and by identity wherever it does not.
    List<ChatItem> items = tied("p", 3_000, 2);
    ThreadModel model = mergeEach(ThreadModel.EMPTY, items);
    Reference reference = new Reference();
    for (ChatItem item : items) reference.merge(item);
    Random random = new Random(21);
    for (int reread = 0; reread < 12; reread++) {
      List<ChatItem> server = new ArrayList<>();
      for (ChatItem held : model.items()) {
        int kind = random.nextInt(40);
        if (kind == 0) continue; // the server dropped it
        if (kind == 1) server.add(log("n" + reread + "_" + server.size(), createdAtMillis(held), 0)); // a new tie
        server.add(kind == 2 ? log(held.id(), createdAtMillis(held), 1 + reread) : held); // changed
        if (kind == 3) server.add(held); // listed twice
      }
      // Two neighbours the other way round, and new items at the end.
      Collections.swap(server, 10 + reread, 11 + reread);
      server.add(log("end" + reread, 3_000_000L + reread, 0));

      Map<String, ChatItem> before = new LinkedHashMap<>(reference.byKey);
      Reference next = new Reference();
      for (Map.Entry<String, ChatItem> held : before.entrySet()) {
        if (server.stream().anyMatch(item -> item.identityKey().equals(held.getKey()))) {
          next.byKey.put(held.getKey(), held.getValue());
        }
      }
      for (ChatItem item : server) next.merge(item);
      List<String> expectedRemoved = new ArrayList<>(before.keySet());
      expectedRemoved.removeAll(next.byKey.keySet());
      List<ChatItem> keptItems = new ArrayList<>(model.items());

      ThreadMerger.Result result = ThreadMerger.resync(model, new ChatThread(WORKFLOW, server));
      assertEquals(next.items(), new ArrayList<>(result.model.items()), "re-read " + reread);
      List<String> removed = new ArrayList<>(result.removedKeys);
      Collections.sort(removed);
      Collections.sort(expectedRemoved);
      assertEquals(expectedRemoved, removed, "removed by re-read " + reread);
      Set<String> expectedUpserts = new TreeSet<>();
      for (ChatItem item : server) {
        if (!item.equals(before.get(item.identityKey()))) expectedUpserts.add(item.identityKey());
      }
      Set<String> upserts = new TreeSet<>();
      for (ChatItem upsert : result.upserts) upserts.add(upsert.identityKey());
      assertEquals(expectedUpserts, upserts, "upserts of re-read " + reread);
      assertEquals(result.upserts.size(), upserts.size(), "each upsert once");
      assertEquals(keptItems, new ArrayList<>(model.items()), "the model before re-read " + reread);
      model = result.model;
      reference = next;
    }
  }

  private static long createdAtMillis(ChatItem item) {
    return item.createdAt().toBigDecimal().movePointRight(3).longValueExact();
  }

  @Test
  void aThreadLoadedFromTheCacheEqualsTheOneMerged() {
    Random random = new Random(7);
    List<ChatItem> stream = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      stream.add(log("c" + i, 1_000_000L + i * 3L + random.nextInt(10), 0));
      if (i % 9 == 0) stream.add(log("c" + random.nextInt(i + 1), 1_000_000L + i * 3L, 2));
    }
    InMemoryThreadStore store = new InMemoryThreadStore();
    ThreadModel model = ThreadModel.EMPTY;
    for (ChatItem item : stream) {
      ThreadMerger.Result result = ThreadMerger.merge(model, Collections.singletonList(item));
      model = result.model;
      store.apply(Collections.singletonList(new ThreadChange(WORKFLOW, result.upserts, result.removedKeys)));
    }
    ChatThread cached = store.loadThread(WORKFLOW.id());
    ThreadMerger.Result loaded = ThreadMerger.resync(ThreadModel.EMPTY, cached);
    assertEquals(new ArrayList<>(model.items()), new ArrayList<>(loaded.model.items()));
    assertEquals(cached.items(), new ArrayList<>(loaded.model.items()));
    assertTrue(loaded.removedKeys.isEmpty());
    assertFalse(ThreadMerger.resync(loaded.model, cached).itemsChanged());
  }

  @Test
  void aReadIntoAnEmptyModelEqualsMergingItsItemsWhateverTheirOrderAndDuplicates() {
    List<ChatItem> sorted = tied("e", 1_100, 3);
    List<ChatItem> shuffled = shuffled(sorted, 11);
    List<ChatItem> withCopies = new ArrayList<>(sorted);
    withCopies.add(log("e5", 1_000_000L + 10, 7));
    for (List<ChatItem> read : List.of(sorted, shuffled, withCopies)) {
      ThreadModel merged = mergeEach(ThreadModel.EMPTY, read);
      ThreadModel loaded = ThreadMerger.resync(ThreadModel.EMPTY, new ChatThread(WORKFLOW, read)).model;
      assertEquals(new ArrayList<>(merged.items()), new ArrayList<>(loaded.items()));
      // The loaded model goes on like the merged one: a new item, a replacement, a removal.
      List<ChatItem> next = List.of(log("late", 1_000_000L + 5, 0), log("e7", 1_000_000L + 20, 3));
      assertEquals(new ArrayList<>(mergeEach(merged, next).items()), new ArrayList<>(mergeEach(loaded, next).items()));
      List<ChatItem> fewer = new ArrayList<>(read.subList(1, read.size()));
      assertEquals(new ArrayList<>(ThreadMerger.resync(merged, new ChatThread(WORKFLOW, fewer)).model.items()),
          new ArrayList<>(ThreadMerger.resync(loaded, new ChatThread(WORKFLOW, fewer)).model.items()));
    }
  }
}
