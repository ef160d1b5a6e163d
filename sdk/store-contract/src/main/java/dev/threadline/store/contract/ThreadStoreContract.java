package dev.threadline.store.contract;

import static dev.threadline.store.contract.StoreFixtures.item;
import static dev.threadline.store.contract.StoreFixtures.message;
import static dev.threadline.store.contract.StoreFixtures.numbered;
import static dev.threadline.store.contract.StoreFixtures.numberOf;
import static dev.threadline.store.contract.StoreFixtures.numberedRange;
import static dev.threadline.store.contract.StoreFixtures.remove;
import static dev.threadline.store.contract.StoreFixtures.upsert;
import static dev.threadline.store.contract.StoreFixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.QueuedPrompt;
import dev.threadline.StoreException;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadStore;
import dev.threadline.UserInput;
import dev.threadline.Workflow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules every {@link ThreadStore} keeps, as tests. A store module's test extends this class and says
 * how to open its store; every test here then runs against that store.
 *
 * <pre>{@code
 * class SqliteThreadStoreTest extends ThreadStoreContract {
 *   @TempDir Path dir;
 *   @Override protected ThreadStore openStore(String account) {
 *     return SqliteThreadStore.open(dir, account);
 *   }
 * }
 * }</pre>
 *
 * <p>JUnit makes a new instance of the test class for every test, and the account names used here are
 * unique to that instance, so a store that keeps data in a shared place still starts every test empty.
 * Stores opened through {@link #open(String)} are closed after each test.
 *
 * <p>What this suite cannot provoke in a store-neutral way (a write failing half way, a process killed
 * during a write) each store tests itself: see the SQLite store's crash and disk-full tests.
 */
public abstract class ThreadStoreContract {
  private final String testRun = UUID.randomUUID().toString().substring(0, 8);
  private final List<ThreadStore> opened = Collections.synchronizedList(new ArrayList<>());

  /**
   * Opens the store of {@code account}: a new, open instance on every call. Opening an account again after
   * its previous store was closed must show what that store held (for a persistent store). Any string may
   * be an account, including path separators and non-ASCII text.
   */
  protected abstract ThreadStore openStore(String account);

  /**
   * Opens the store of {@code account} as {@link #openStore(String)} does, with size limit
   * {@code sizeLimitBytes} ({@link ThreadStore#UNLIMITED} for none).
   */
  protected abstract ThreadStore openStore(String account, long sizeLimitBytes);

  /**
   * Opens {@code account}'s store again after the test closed the previous instance; it must hold what was
   * stored before. Called only when {@link #persistent()} is true. By default, {@link #openStore(String)}.
   */
  protected ThreadStore reopen(String account) {
    return openStore(account);
  }

  /**
   * Whether the store keeps its data across a close and reopen. Stores in memory return false, and the
   * tests that reopen then check the open store instead. By default, true.
   */
  protected boolean persistent() {
    return true;
  }

  /** Opens {@code account}'s store with {@link #openStore} and closes it after the test. */
  protected final ThreadStore open(String account) {
    ThreadStore store = openStore(account);
    assertNotNull(store, "openStore returned null");
    opened.add(store);
    return store;
  }

  /** Opens {@code account}'s store with {@link #openStore(String, long)} and closes it after the test. */
  protected final ThreadStore open(String account, long sizeLimitBytes) {
    ThreadStore store = openStore(account, sizeLimitBytes);
    assertNotNull(store, "openStore returned null");
    opened.add(store);
    return store;
  }

  /** An account name unique to this test, so that stores in a shared place start empty. */
  protected final String account(String name) {
    return name + "-" + testRun;
  }

  @AfterEach void closeOpenedStores() {
    synchronized (opened) {
      for (ThreadStore store : opened) store.close();
      opened.clear();
    }
  }

  // ---- Round trips ------------------------------------------------------------------------------------

  @Test void loadingAnUnknownThreadGivesNull() {
    ThreadStore store = open(account("alice"));
    assertNull(store.loadThread("wf-unknown"));
    assertEquals(List.of(), store.loadThreads(0, 10));
  }

  @Test void workflowRoundTripsWithEveryFieldAndNumberAsReceived() {
    String account = account("alice");
    ThreadStore store = open(account);
    String json = "{ \"id\":\"wf-1\",\"mandateId\" : \"m-7\", \"name\": \"Caf\\u00e9 \u00fcber \\\"alles\\\" \uD83D\uDE00\","
        + "\"status\":\"running\",\"maxSteps\":10,\"lastActivity\":1737331542.020000,"
        + "\"future\":{\"nested\":[1,2.50,null,true]} }";
    Workflow sent = Workflow.fromJson(json);
    store.apply(List.of(ThreadChange.workflowOnly(sent)));

    ChatThread loaded = reloaded(store, account).loadThread("wf-1");

    assertEquals(sent, loaded.workflow());
    assertEquals("{\"id\":\"wf-1\",\"mandateId\":\"m-7\",\"name\":\"Caf\u00e9 \u00fcber \\\"alles\\\" \uD83D\uDE00\","
        + "\"status\":\"running\",\"maxSteps\":10,\"lastActivity\":1737331542.020000,"
        + "\"future\":{\"nested\":[1,2.50,null,true]}}", loaded.workflow().json());
    assertEquals(List.of(), loaded.items());
  }

  @Test void itemsRoundTripExactly() {
    String account = account("alice");
    ThreadStore store = open(account);
    List<ChatItem> items = List.of(
        item("message", "1737331539.123456000",
            "{\"id\":\"msg_1\",\"workflowId\":\"wf-1\",\"role\":\"user\",\"message\":\"Hi \\u2603 \\\"quoted\\\"\","
                + "\"roundNumber\":1,\"sequenceNr\":1,\"status\":\"first\",\"unknownField\":{\"a\":[1.10,2]}}"),
        item("log", "1737331539.301",
            "{ \"id\" : \"log_1\", \"type\": \"info\", \"progress\": 0.20, \"roundNumber\": 1 }"),
        item("citation", "1737331539.4",
            "{\"source\":\"handbook.pdf\",\"page\":12,\"roundNumber\":1,\"quote\":\"line\\nbreak\"}"),
        item("stat", "1737331541.9e0", "{\"id\":\"stat_1\",\"processingTime\":2.1,\"tokenCount\":512}"));
    store.apply(List.of(upsert(workflow("wf-1", "1737331542.02"), items)));

    ChatThread loaded = reloaded(store, account).loadThread("wf-1");

    assertSameItems(items, loaded.items());
  }

  @Test void applyingNothingChangesNothing() {
    ThreadStore store = open(account("alice"));
    store.apply(List.of(upsert(workflow("wf-1", "5"), List.of(message("m1", "1", 1)))));
    store.apply(List.of());
    assertEquals(1, store.loadThread("wf-1").items().size());
  }

  @Test void aWorkflowOnlyChangeReplacesTheWorkflowAndKeepsTheItems() {
    ThreadStore store = open(account("alice"));
    store.apply(List.of(upsert(workflow("wf-1", "5"), List.of(message("m1", "1", 1)))));
    Workflow renamed = Workflow.fromJson("{\"id\":\"wf-1\",\"name\":\"Renamed\",\"lastActivity\":6}");
    store.apply(List.of(ThreadChange.workflowOnly(renamed)));

    ChatThread loaded = store.loadThread("wf-1");

    assertEquals(renamed.json(), loaded.workflow().json());
    assertEquals(1, loaded.items().size());
  }

  // ---- Identity and idempotence ------------------------------------------------------------------------

  @Test void applyingTheSameBatchTwiceChangesNothing() {
    ThreadStore store = open(account("alice"));
    List<ThreadChange> batch = List.of(upsert(workflow("wf-1", "5"), List.of(
        message("m1", "1.5", 1),
        item("log", "2", "{\"message\":\"no id\",\"roundNumber\":1}"),
        item("log", "2", "{\"message\":\"no id, no round\"}"),
        item("mystery", "3", "{\"payload\":true}"))));
    store.apply(batch);
    ChatThread once = store.loadThread("wf-1");

    store.apply(batch);
    store.apply(batch);

    ChatThread thrice = store.loadThread("wf-1");
    assertEquals(4, thrice.items().size());
    assertSameItems(once.items(), thrice.items());
  }

  @Test void anItemWithoutIdIsKeyedByTypeTimeAndRound() {
    ThreadStore store = open(account("alice"));
    Workflow wf = workflow("wf-1", "5");
    store.apply(List.of(upsert(wf, List.of(
        item("log", "5.5", "{\"message\":\"first copy\",\"roundNumber\":1}"),
        item("log", "5.5", "{\"message\":\"other round\",\"roundNumber\":2}"),
        item("log", "5.5", "{\"message\":\"no round\"}"),
        item("stat", "5.5", "{\"message\":\"other type\",\"roundNumber\":1}")))));

    // 5.50 is numerically 5.5: the same identity, so this copy replaces the first one, literal and all.
    ChatItem replacement = item("log", "5.50", "{\"message\":\"second copy\",\"roundNumber\":1}");
    store.apply(List.of(upsert(wf, List.of(replacement))));

    List<ChatItem> items = store.loadThread("wf-1").items();
    assertEquals(4, items.size(), () -> "items: " + items);
    List<ChatItem> logsOfRoundOne = items.stream()
        .filter(i -> i.type().equals("log") && Integer.valueOf(1).equals(i.roundNumber()))
        .collect(Collectors.toList());
    assertSameItems(List.of(replacement), logsOfRoundOne);
  }

  @Test void anItemWithIdIsKeyedByTypeAndIdAndMovesWithItsNewTime() {
    ThreadStore store = open(account("alice"));
    Workflow wf = workflow("wf-1", "5");
    store.apply(List.of(upsert(wf, List.of(message("m1", "5", 1), message("m2", "6", 1),
        item("log", "5", "{\"id\":\"m1\",\"message\":\"same id, other type\"}")))));

    ChatItem moved = message("m1", "7.0", 1);
    store.apply(List.of(upsert(wf, List.of(moved))));

    List<ChatItem> items = store.loadThread("wf-1").items();
    assertEquals(List.of("log/m1@5", "message/m2@6", "message/m1@7.0"), describeShort(items));
  }

  @Test void replacingAnItemKeepsItsFirstInsertionPosition() {
    ThreadStore store = open(account("alice"));
    Workflow wf = workflow("wf-1", "5");
    store.apply(List.of(upsert(wf, List.of(message("x", "5", 1), message("y", "5", 1)))));
    store.apply(List.of(upsert(wf, List.of(message("z", "5", 1)))));

    ChatItem newerX = item("message", "5", "{\"id\":\"x\",\"message\":\"edited\",\"roundNumber\":1}");
    store.apply(List.of(upsert(wf, List.of(newerX))));

    List<ChatItem> items = store.loadThread("wf-1").items();
    assertEquals(List.of("message/x@5", "message/y@5", "message/z@5"), describeShort(items));
    assertEquals(newerX.itemJson(), items.get(0).itemJson());
  }

  // ---- Order ---------------------------------------------------------------------------------------------

  @Test void itemsAreOrderedByTimeNumericallyNotAsText() {
    ThreadStore store = open(account("alice"));
    store.apply(List.of(upsert(workflow("wf-1", "5"), List.of(
        message("c", "100", null), message("b", "10.25", null), message("a", "9.5", null),
        message("d", "1e3", null)))));

    assertEquals(List.of("message/a@9.5", "message/b@10.25", "message/c@100", "message/d@1e3"),
        describeShort(store.loadThread("wf-1").items()));
  }

  @Test void itemsAreOrderedByTheExactTimeBeyondDoublePrecision() {
    ThreadStore store = open(account("alice"));
    // Both literals round to the same double; only the exact decimal value orders them.
    store.apply(List.of(upsert(workflow("wf-1", "5"), List.of(
        message("later", "1737331539.12345678902", 1), message("earlier", "1737331539.12345678901", 1)))));

    assertEquals(List.of("message/earlier@1737331539.12345678901", "message/later@1737331539.12345678902"),
        describeShort(store.loadThread("wf-1").items()));
  }

  @Test void itemsAtTheSameTimeAreOrderedByRoundMissingFirst() {
    ThreadStore store = open(account("alice"));
    store.apply(List.of(upsert(workflow("wf-1", "5"), List.of(
        message("r10", "5", 10), message("r2", "5", 2), message("none", "5", null), message("r1", "5", 1)))));

    assertEquals(List.of("message/none@5", "message/r1@5", "message/r2@5", "message/r10@5"),
        describeShort(store.loadThread("wf-1").items()));
  }

  @Test void fullTiesKeepFirstInsertionOrderAcrossBatches() {
    String account = account("alice");
    ThreadStore store = open(account);
    Workflow wf = workflow("wf-1", "5");
    store.apply(List.of(upsert(wf, List.of(message("c", "5", 1), message("a", "5", 1)))));
    store.apply(List.of(upsert(wf, List.of(message("b", "5", 1), message("c", "5", 1)))));

    assertEquals(List.of("message/c@5", "message/a@5", "message/b@5"),
        describeShort(reloaded(store, account).loadThread("wf-1").items()));
  }

  @Test void anItemRemovedAndAddedAgainIsANewInsertion() {
    ThreadStore store = open(account("alice"));
    Workflow wf = workflow("wf-1", "5");
    store.apply(List.of(upsert(wf, List.of(message("a", "5", 1), message("b", "5", 1)))));
    store.apply(List.of(remove(wf, List.of(message("a", "5", 1).identityKey()))));
    store.apply(List.of(upsert(wf, List.of(message("a", "5", 1)))));

    assertEquals(List.of("message/b@5", "message/a@5"), describeShort(store.loadThread("wf-1").items()));
  }

  // ---- Removal, deletion, clearing ---------------------------------------------------------------------

  @Test void itemsAreRemovedByIdentityKeyWithinTheirThreadOnly() {
    ThreadStore store = open(account("alice"));
    ChatItem withId = message("m1", "1", 1);
    ChatItem withoutId = item("log", "2", "{\"message\":\"no id\",\"roundNumber\":1}");
    ChatItem kept = message("m3", "3", 1);
    store.apply(List.of(
        upsert(workflow("wf-1", "5"), List.of(withId, withoutId, kept)),
        upsert(workflow("wf-2", "5"), List.of(withId, withoutId))));

    store.apply(List.of(remove(workflow("wf-1", "6"),
        List.of(withId.identityKey(), withoutId.identityKey(), "message\u001fid\u001fnever-stored"))));

    assertSameItems(List.of(kept), store.loadThread("wf-1").items());
    assertSameItems(List.of(withId, withoutId), store.loadThread("wf-2").items());
  }

  @Test void aChangeRemovesBeforeItUpserts() {
    ThreadStore store = open(account("alice"));
    Workflow wf = workflow("wf-1", "5");
    ChatItem item = message("m1", "1", 1);
    store.apply(List.of(upsert(wf, List.of(item))));

    store.apply(List.of(new ThreadChange(wf, List.of(item), List.of(item.identityKey()))));

    assertSameItems(List.of(item), store.loadThread("wf-1").items());
  }

  @Test void theChangesOfABatchApplyInOrder() {
    ThreadStore store = open(account("alice"));
    ChatItem first = message("m1", "1", 1);
    ChatItem second = message("m2", "2", 1);
    Workflow older = workflow("wf-1", "5");
    Workflow newer = workflow("wf-1", "6");

    store.apply(List.of(
        upsert(older, List.of(first, second)),
        remove(newer, List.of(first.identityKey()))));

    ChatThread loaded = store.loadThread("wf-1");
    assertEquals(newer.json(), loaded.workflow().json());
    assertSameItems(List.of(second), loaded.items());
  }

  @Test void deletingAThreadRemovesItAndAllItsItems() {
    String account = account("alice");
    ThreadStore store = open(account);
    store.apply(List.of(
        upsert(workflow("wf-1", "5"), List.of(message("m1", "1", 1), message("m2", "2", 1))),
        upsert(workflow("wf-2", "4"), List.of(message("m1", "1", 1)))));

    store.deleteThread("wf-1");
    store.deleteThread("wf-never-stored");

    store = reloaded(store, account);
    assertNull(store.loadThread("wf-1"));
    assertEquals(List.of("wf-2"), ids(store.loadThreads(0, 10)));
    assertEquals(1, store.loadThread("wf-2").items().size());
    store.apply(List.of(ThreadChange.workflowOnly(workflow("wf-1", "7"))));
    assertEquals(List.of(), store.loadThread("wf-1").items(), "a deleted thread's items came back");
  }

  @Test void clearRemovesEveryThreadAndTheStoreStaysUsable() {
    String account = account("alice");
    ThreadStore store = open(account);
    store.apply(List.of(
        upsert(workflow("wf-1", "5"), List.of(message("m1", "1", 1))),
        upsert(workflow("wf-2", "4"), List.of(message("m1", "1", 1)))));

    store.clear();

    store = reloaded(store, account);
    assertEquals(List.of(), store.loadThreads(0, 10));
    assertNull(store.loadThread("wf-1"));
    store.apply(List.of(ThreadChange.workflowOnly(workflow("wf-1", "7"))));
    assertEquals(List.of(), store.loadThread("wf-1").items(), "a cleared thread's items came back");
  }

  // ---- Thread list -------------------------------------------------------------------------------------

  /** The thread list in the order {@link ThreadStore#loadThreads} requires, with their activity. */
  private static final List<Workflow> LIST_IN_ORDER = List.of(
      // These two differ beyond a double's precision: only an exact comparison orders them.
      workflow("wf-a", "1737331542.02000002"),
      workflow("wf-b", "1737331542.02000001"),
      workflow("wf-c", "100"),
      workflow("wf-d", "10.25"),
      workflow("wf-e", "9.5"),
      workflow("wf-f", "9.50"),
      workflow("wf-g", null),
      workflow("wf-h", null));

  @Test void threadsAreListedMostRecentFirstThenWithoutActivityThenById() {
    String account = account("alice");
    ThreadStore store = open(account);
    List<Workflow> shuffled = new ArrayList<>(LIST_IN_ORDER);
    Collections.shuffle(shuffled, new Random(42));
    for (Workflow wf : shuffled) store.apply(List.of(ThreadChange.workflowOnly(wf)));

    List<Workflow> listed = reloaded(store, account).loadThreads(0, 100);

    assertEquals(ids(LIST_IN_ORDER), ids(listed));
    assertEquals(LIST_IN_ORDER.stream().map(Workflow::json).collect(Collectors.toList()),
        listed.stream().map(Workflow::json).collect(Collectors.toList()));
  }

  @Test void everyPageOfTheThreadListIsASliceOfTheWholeList() {
    ThreadStore store = open(account("alice"));
    store.apply(LIST_IN_ORDER.stream().map(ThreadChange::workflowOnly).collect(Collectors.toList()));
    List<String> all = ids(LIST_IN_ORDER);

    for (int offset = 0; offset <= all.size() + 1; offset++) {
      for (int limit = 0; limit <= all.size() + 1; limit++) {
        List<String> expected = all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
        assertEquals(expected, ids(store.loadThreads(offset, limit)), "offset " + offset + ", limit " + limit);
      }
    }
    assertEquals(all.subList(3, all.size()), ids(store.loadThreads(3, Integer.MAX_VALUE)));
  }

  @Test void aNewerWorkflowMovesItsThreadUpTheList() {
    ThreadStore store = open(account("alice"));
    store.apply(List.of(ThreadChange.workflowOnly(workflow("wf-1", "10")),
        ThreadChange.workflowOnly(workflow("wf-2", "20"))));
    store.apply(List.of(ThreadChange.workflowOnly(workflow("wf-1", "30"))));

    assertEquals(List.of("wf-1", "wf-2"), ids(store.loadThreads(0, 10)));
  }

  // ---- Accounts ----------------------------------------------------------------------------------------

  @Test void storesOfTwoAccountsNeverSeeEachOthersRows() {
    String alice = account("alice");
    String bob = account("bob");
    ThreadStore aliceStore = open(alice);
    ThreadStore bobStore = open(bob);
    aliceStore.apply(List.of(upsert(workflow("wf-shared", "5"), List.of(message("m-alice", "1", 1))),
        ThreadChange.workflowOnly(workflow("wf-alice", "6"))));
    bobStore.apply(List.of(upsert(workflow("wf-shared", "5"), List.of(message("m-bob", "1", 1)))));

    assertEquals(List.of("wf-alice", "wf-shared"), ids(aliceStore.loadThreads(0, 10)));
    assertEquals(List.of("wf-shared"), ids(bobStore.loadThreads(0, 10)));
    assertEquals(List.of("message/m-bob@1"), describeShort(bobStore.loadThread("wf-shared").items()));

    aliceStore.deleteThread("wf-shared");
    assertNotNull(bobStore.loadThread("wf-shared"));
    aliceStore.clear();
    assertEquals(List.of("wf-shared"), ids(bobStore.loadThreads(0, 10)));

    bobStore = reloaded(bobStore, bob);
    assertEquals(List.of("message/m-bob@1"), describeShort(bobStore.loadThread("wf-shared").items()));
    assertEquals(List.of(), reloaded(aliceStore, alice).loadThreads(0, 10));
  }

  @Test void anyStringIsAnAccount() {
    List<String> accounts = List.of(account("../../etc/passwd"), account("alice@example.com"),
        account("C:\\Users\\bob"), account("日本語 ünïcødé 😀"), account("a/b/c"), account(".."),
        account("dots."), account("x".repeat(300)));
    List<ThreadStore> stores = new ArrayList<>();
    for (int i = 0; i < accounts.size(); i++) {
      ThreadStore store = open(accounts.get(i));
      store.apply(List.of(ThreadChange.workflowOnly(workflow("wf-" + i, "5"))));
      stores.add(store);
    }
    for (int i = 0; i < accounts.size(); i++) {
      ThreadStore store = reloaded(stores.get(i), accounts.get(i));
      assertEquals(List.of("wf-" + i), ids(store.loadThreads(0, 100)), "account " + accounts.get(i));
    }
  }

  // ---- Persistence -------------------------------------------------------------------------------------

  @Test void everythingSurvivesAReopen() {
    assumeTrue(persistent(), "the store keeps nothing across a reopen");
    String account = account("alice");
    ThreadStore store = open(account);
    Workflow wf = workflow("wf-1", "1737331542.020");
    store.apply(List.of(upsert(wf, List.of(message("b", "5", 1), message("a", "5", 1),
        item("log", "4.50", "{\"message\":\"no id\"}"), item("future", "6", "{\"x\":[1,{}]}")))));
    store.apply(List.of(new ThreadChange(wf, List.of(message("b", "5", 1), message("c", "5", null)),
        List.of(message("a", "5", 1).identityKey()))));
    ChatThread before = store.loadThread("wf-1");
    store.close();

    ThreadStore reopened = reopen(account);
    opened.add(reopened);

    ChatThread after = reopened.loadThread("wf-1");
    assertEquals(before.workflow().json(), after.workflow().json());
    assertSameItems(before.items(), after.items());
    assertEquals(List.of("log/-@4.50", "message/c@5", "message/b@5", "future/-@6"), describeShort(after.items()));
  }

  // ---- Atomicity and concurrency -----------------------------------------------------------------------

  @Test @Timeout(120) void readersOnlyEverSeeWholeBatches() throws Exception {
    ThreadStore store = open(account("alice"));
    int batches = 40;
    int perBatch = 100;
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer = pool.submit(() -> {
        try {
          for (int b = 0; b < batches; b++) {
            long first = (long) b * perBatch;
            // One batch, four changes: half the items, the other half, and both threads' workflows.
            store.apply(List.of(
                upsert(batchWorkflow("wf-a", b), numberedRange("wf-a", first, first + perBatch / 2)),
                upsert(batchWorkflow("wf-a", b), numberedRange("wf-a", first + perBatch / 2, first + perBatch)),
                ThreadChange.workflowOnly(batchWorkflow("wf-b", b))));
          }
        } finally {
          writing.set(false);
        }
        return null;
      });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          int reads = 0;
          long lastCount = 0;
          boolean last;
          do {
            last = !writing.get();
            ChatThread thread = store.loadThread("wf-a");
            long count = thread == null ? 0 : thread.items().size();
            assertEquals(0, count % perBatch, "a reader saw part of a batch");
            assertTrue(count >= lastCount, "a reader saw items disappear");
            if (thread != null) {
              assertEquals(LongStream.range(0, count).boxed().collect(Collectors.toList()), numbers(thread.items()));
              assertEquals(count / perBatch - 1, batchOf(thread.workflow()), "items and workflow of different batches");
            }
            List<Workflow> listed = store.loadThreads(0, 10);
            assertTrue(listed.size() == 0 || listed.size() == 2, "one change of a batch seen without the other");
            if (listed.size() == 2) assertEquals(batchOf(listed.get(0)), batchOf(listed.get(1)));
            lastCount = count;
            reads++;
          } while (!last);
          assertEquals((long) batches * perBatch, lastCount);
          return reads;
        }));
      }
      writer.get(100, TimeUnit.SECONDS);
      for (Future<Integer> reader : readers) assertTrue(reader.get(100, TimeUnit.SECONDS) > 0);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "test threads did not stop");
    }
  }

  @Test @Timeout(300) void aThreadOfAHundredThousandItemsLoadsWholeAndInOrder() {
    String account = account("alice");
    ThreadStore store = open(account);
    int total = 100_000;
    List<Long> insertionOrder = LongStream.range(0, total).boxed().collect(Collectors.toList());
    Collections.shuffle(insertionOrder, new Random(7));
    Workflow wf = workflow("wf-big", "5");
    for (int from = 0; from < total; from += 1_000) {
      List<ChatItem> batch = new ArrayList<>(1_000);
      for (long n : insertionOrder.subList(from, from + 1_000)) batch.add(numbered("wf-big", n));
      store.apply(List.of(upsert(wf, batch)));
    }

    List<ChatItem> items = reloaded(store, account).loadThread("wf-big").items();

    assertEquals(total, items.size());
    for (int i = 0; i < total; i++) {
      if (numberOf(items.get(i)) != i) fail("item " + i + " is number " + numberOf(items.get(i)));
    }
  }

  // ---- Size limit and eviction ---------------------------------------------------------------------------

  @Test void theSizeIsTheUtf8BytesOfEveryStoredWorkflowAndItem() {
    String account = account("alice");
    ThreadStore store = open(account, ThreadStore.UNLIMITED);
    assertEquals(0, store.sizeBytes());
    Workflow wf = Workflow.fromJson("{\"id\":\"wf-1\",\"name\":\"Caf\u00e9 \uD83D\uDE00\",\"lastActivity\":5}");
    ChatItem first = item("message", "1", "{\"id\":\"m1\",\"message\":\"\u00fcber \u2603\"}");
    ChatItem second = message("m2", "2", 1);
    store.apply(List.of(upsert(wf, List.of(first, second)), ThreadChange.workflowOnly(workflow("wf-2", null))));
    assertEquals(utf8(wf.json()) + utf8(first.itemJson()) + utf8(second.itemJson()) + utf8(workflow("wf-2", null).json()),
        store.sizeBytes());

    ChatItem longerFirst = item("message", "1", "{\"id\":\"m1\",\"message\":\"\u00fcber \u2603, edited\"}");
    Workflow renamed = Workflow.fromJson("{\"id\":\"wf-1\",\"lastActivity\":6}");
    store.apply(List.of(new ThreadChange(renamed, List.of(longerFirst), List.of(second.identityKey()))));
    long expected = utf8(renamed.json()) + utf8(longerFirst.itemJson()) + utf8(workflow("wf-2", null).json());
    assertEquals(expected, store.sizeBytes());
    assertEquals(expected, reloaded(store, account, ThreadStore.UNLIMITED).sizeBytes());
  }

  @Test void deletingAndClearingGiveTheirBytesBack() {
    ThreadStore store = open(account("alice"), ThreadStore.UNLIMITED);
    store.apply(threads(2));
    assertEquals(2 * threadBytes(), store.sizeBytes());

    store.deleteThread("wf-1");
    assertEquals(threadBytes(), store.sizeBytes());
    store.clear();
    assertEquals(0, store.sizeBytes());
  }

  @Test void aStoreWithinItsLimitEvictsNothing() {
    ThreadStore store = open(account("alice"), 1_000_000);
    store.apply(threads(3));

    assertEquals(List.of(), store.evict(Set.of()));
    assertEquals(3, store.loadThreads(0, 10).size());
    assertEquals(1_000_000, store.sizeLimitBytes());
  }

  @Test void anUnlimitedStoreNeverEvicts() {
    ThreadStore store = open(account("alice"), ThreadStore.UNLIMITED);
    store.apply(threads(20));

    assertEquals(List.of(), store.evict(Set.of()));
    assertEquals(20, store.loadThreads(0, 100).size());
    assertEquals(ThreadStore.UNLIMITED, store.sizeLimitBytes());
  }

  @Test void evictionAfterAWriteBringsTheStoreWithinItsLimit() {
    long limit = 3 * threadBytes() + threadBytes() / 2;
    ThreadStore store = open(account("alice"), limit);
    store.apply(threads(10));
    assertTrue(store.sizeBytes() > limit);

    List<String> evicted = store.evict(Set.of());

    assertEquals(7, evicted.size(), () -> "evicted " + evicted);
    assertTrue(store.sizeBytes() <= limit, () -> store.sizeBytes() + " bytes");
    assertEquals(3 * threadBytes(), store.sizeBytes());
    for (String id : evicted) assertNull(store.loadThread(id), id + " still stored");
    for (Workflow kept : store.loadThreads(0, 100)) {
      assertEquals(10, store.loadThread(kept.id()).items().size(), kept.id() + " lost items");
    }
  }

  @Test void evictionRemovesTheLeastRecentlyOpenedThreadsFirstNeverOpenedFirstOfAll() {
    ThreadStore store = open(account("alice"), 2 * threadBytes());
    store.apply(threads(6));
    for (String id : List.of("wf-3", "wf-0", "wf-5", "wf-1", "wf-0")) store.markOpened(id);

    // Never opened: wf-2 and wf-4 (by id). Then by last opening: wf-3, wf-5; wf-1 and wf-0 stay.
    assertEquals(List.of("wf-2", "wf-4", "wf-3", "wf-5"), store.evict(Set.of()));
    assertEquals(List.of("wf-0", "wf-1"), sortedIds(store.loadThreads(0, 10)));
  }

  @Test void keptThreadsStayEvenOverTheLimit() {
    ThreadStore store = open(account("alice"), threadBytes());
    store.apply(threads(4));
    store.markOpened("wf-3");

    assertEquals(List.of("wf-1", "wf-3"), store.evict(Set.of("wf-0", "wf-2")));

    assertEquals(List.of("wf-0", "wf-2"), sortedIds(store.loadThreads(0, 10)));
    assertEquals(2 * threadBytes(), store.sizeBytes());
    assertEquals(List.of(), store.evict(Set.of("wf-0", "wf-2")), "only kept threads are left");
  }

  @Test void markingAThreadThatIsNotStoredDoesNothing() {
    ThreadStore store = open(account("alice"), threadBytes());
    store.markOpened("wf-unknown");
    assertNull(store.loadThread("wf-unknown"));
    assertEquals(0, store.sizeBytes());
  }

  @Test void openingsSurviveAReopen() {
    assumeTrue(persistent(), "the store keeps nothing across a reopen");
    String account = account("alice");
    ThreadStore store = open(account, 2 * threadBytes());
    store.apply(threads(4));
    for (String id : List.of("wf-2", "wf-0", "wf-3", "wf-1")) store.markOpened(id);

    ThreadStore reopened = reloaded(store, account, 2 * threadBytes());
    reopened.markOpened("wf-2");

    assertEquals(List.of("wf-0", "wf-3"), reopened.evict(Set.of()));
  }

  // ---- The offline queue -------------------------------------------------------------------------------

  @Test void aQueuedPromptRoundTripsExactly() {
    String account = account("alice");
    ThreadStore store = open(account);
    QueuedPrompt continued = QueuedPrompt.of("q-1", 17, UserInput.builder("Caf\u00e9 \"quoted\" \uD83D\uDE00")
        .fileIds(List.of("file-a", "file-b")).language("de").workflowId("wf-1")
        .extraFieldJson("clientTag", "{\"nested\": [1, 2.50, null, true]}").build(), 1737331539123L);
    QueuedPrompt newThread = QueuedPrompt.of("q-2", 18, UserInput.of("A new thread"), 1737331540000L);
    store.queuePrompt(continued);
    store.queuePrompt(newThread);

    List<QueuedPrompt> loaded = reloaded(store, account).loadQueuedPrompts();

    assertEquals(List.of(continued, newThread), loaded);
    assertEquals(continued.inputJson(), loaded.get(0).inputJson());
    assertNull(loaded.get(1).input().workflowId());
  }

  @Test void queuedPromptsLoadByPositionThenId() {
    ThreadStore store = open(account("alice"));
    store.queuePrompt(prompt("q-c", 3));
    store.queuePrompt(prompt("q-b", 1));
    store.queuePrompt(prompt("q-a", 3));
    store.queuePrompt(prompt("q-d", 2));

    assertEquals(List.of("q-b", "q-d", "q-a", "q-c"), promptIds(store.loadQueuedPrompts()));
  }

  @Test void removingAQueuedPromptSaysWhetherItWasQueuedAndKeepsTheOthers() {
    String account = account("alice");
    ThreadStore store = open(account);
    store.queuePrompt(prompt("q-1", 1));
    store.queuePrompt(prompt("q-2", 2));

    assertTrue(store.removeQueuedPrompt("q-1"));
    assertFalse(store.removeQueuedPrompt("q-1"), "removed twice");
    assertFalse(store.removeQueuedPrompt("q-unknown"));

    assertEquals(List.of("q-2"), promptIds(reloaded(store, account).loadQueuedPrompts()));
  }

  @Test void queueingAPromptAgainReplacesItInItsNewPlace() {
    ThreadStore store = open(account("alice"));
    store.queuePrompt(prompt("q-1", 1));
    store.queuePrompt(prompt("q-2", 2));
    QueuedPrompt moved = QueuedPrompt.of("q-1", 3, UserInput.of("edited"), 5);
    store.queuePrompt(moved);

    List<QueuedPrompt> loaded = store.loadQueuedPrompts();

    assertEquals(List.of("q-2", "q-1"), promptIds(loaded));
    assertEquals(moved, loaded.get(1));
  }

  @Test void theQueueIsKeptApartFromTheThreadsButClearEmptiesIt() {
    String account = account("alice");
    ThreadStore store = open(account);
    store.apply(List.of(upsert(workflow("wf-1", "5"), List.of(message("msg_1", "5.5", 1)))));
    QueuedPrompt toThread = QueuedPrompt.of("q-1", 1, UserInput.builder("More?").workflowId("wf-1").build(), 9);
    store.queuePrompt(toThread);

    store.deleteThread("wf-1");
    store.apply(List.of(ThreadChange.workflowOnly(workflow("wf-2", "6"))));
    store = reloaded(store, account);
    assertEquals(List.of(toThread), store.loadQueuedPrompts(), "a thread's delete took its prompt");

    store.clear();
    assertEquals(List.of(), reloaded(store, account).loadQueuedPrompts());
  }

  // ---- Closing -----------------------------------------------------------------------------------------

  @Test void aClosedStoreThrowsStoreExceptionAndClosingTwiceIsHarmless() {
    ThreadStore store = open(account("alice"));
    ThreadStore other = open(account("bob"));
    store.apply(List.of(ThreadChange.workflowOnly(workflow("wf-1", "5"))));
    store.close();

    assertAll(
        () -> assertThrows(StoreException.class, () -> store.loadThreads(0, 10)),
        () -> assertThrows(StoreException.class, () -> store.loadThread("wf-1")),
        () -> assertThrows(StoreException.class,
            () -> store.apply(List.of(ThreadChange.workflowOnly(workflow("wf-2", "5"))))),
        () -> assertThrows(StoreException.class, () -> store.deleteThread("wf-1")),
        () -> assertThrows(StoreException.class, store::clear),
        () -> assertThrows(StoreException.class, store::loadQueuedPrompts),
        () -> assertThrows(StoreException.class, () -> store.queuePrompt(prompt("q-1", 1))),
        () -> assertThrows(StoreException.class, () -> store.removeQueuedPrompt("q-1")),
        () -> assertDoesNotThrow(store::close),
        () -> assertEquals(List.of(), other.loadThreads(0, 10), "closing one store affected another"));
  }

  // ---- Helpers -----------------------------------------------------------------------------------------

  /**
   * Returns a store of {@code account} holding what {@code store} holds: for a persistent store, {@code store}
   * closed and reopened, so the check reads what was really stored; otherwise {@code store} itself.
   */
  protected final ThreadStore reloaded(ThreadStore store, String account) {
    if (!persistent()) return store;
    store.close();
    ThreadStore reopened = reopen(account);
    assertNotNull(reopened, "reopen returned null");
    opened.add(reopened);
    return reopened;
  }

  /** As {@link #reloaded(ThreadStore, String)}, reopening with size limit {@code sizeLimitBytes}. */
  private ThreadStore reloaded(ThreadStore store, String account, long sizeLimitBytes) {
    if (!persistent()) return store;
    store.close();
    return open(account, sizeLimitBytes);
  }

  /** Asserts that {@code actual} holds items equal to {@code expected} in every stored detail, in order. */
  protected static void assertSameItems(List<ChatItem> expected, List<ChatItem> actual) {
    assertEquals(describe(expected), describe(actual));
  }

  private static List<String> describe(List<ChatItem> items) {
    return items.stream()
        .map(i -> i.type() + " | " + i.createdAt() + " | " + i.itemJson() + " | key " + i.identityKey())
        .collect(Collectors.toList());
  }

  private static List<String> describeShort(List<ChatItem> items) {
    return items.stream()
        .map(i -> i.type() + "/" + (i.id() == null ? "-" : i.id()) + "@" + i.createdAt())
        .collect(Collectors.toList());
  }

  private static QueuedPrompt prompt(String id, long position) {
    return QueuedPrompt.of(id, position, UserInput.of("prompt " + id), 1_700_000_000_000L + position);
  }

  private static List<String> promptIds(List<QueuedPrompt> prompts) {
    return prompts.stream().map(QueuedPrompt::id).collect(Collectors.toList());
  }

  private static List<String> ids(List<Workflow> workflows) {
    return workflows.stream().map(Workflow::id).collect(Collectors.toList());
  }

  private static List<Long> numbers(List<ChatItem> items) {
    return items.stream().map(StoreFixtures::numberOf).collect(Collectors.toList());
  }

  /** Threads {@code wf-0} … of ten numbered items each, all of the same size ({@link #threadBytes()}). */
  private static List<ThreadChange> threads(int count) {
    List<ThreadChange> changes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ChatThread thread = threadOf("wf-" + i, 10);
      changes.add(upsert(thread.workflow(), thread.items()));
    }
    return changes;
  }

  /** Thread {@code id} with {@code items} numbered items; ids of one length make threads of one size. */
  private static ChatThread threadOf(String id, int items) {
    // Items of every thread carry the same workflow id, so that the threads' sizes are equal.
    return new ChatThread(workflow(id, "5"), numberedRange("wf-x", 0, items));
  }

  /** The size of each thread made by {@link #threads(int)}. */
  private static long threadBytes() {
    return payload(threadOf("wf-0", 10));
  }

  private static long payload(ChatThread thread) {
    long bytes = utf8(thread.workflow().json());
    for (ChatItem item : thread.items()) bytes += utf8(item.itemJson());
    return bytes;
  }

  private static long utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static List<String> sortedIds(List<Workflow> workflows) {
    return ids(workflows).stream().sorted().collect(Collectors.toList());
  }

  private static Workflow batchWorkflow(String id, int batch) {
    return Workflow.fromJson("{\"id\":\"" + id + "\",\"lastActivity\":" + (1000 + batch) + ",\"batch\":" + batch + "}");
  }

  private static long batchOf(Workflow workflow) {
    return Long.parseLong(workflow.json().replaceAll(".*\"batch\":(\\d+).*", "$1"));
  }
}
