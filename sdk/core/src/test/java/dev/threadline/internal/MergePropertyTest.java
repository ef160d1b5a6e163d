package dev.threadline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.EpochSeconds;
import dev.threadline.Workflow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Property-based tests of the merge rules: whatever the interleaving, batching (snapshot or live) and
 * duplication of the items a thread receives, it converges to one thread, and a full re-read always leaves
 * exactly the server's items.
 *
 * <p>A scenario is a set of distinct identities (with and without ids, of several types and rounds, with
 * colliding and numerically equal createdAt literals), each with up to three versions (a log's progress
 * moving on; an item with an id may also move to another createdAt). Each identity's deliveries are any of
 * its versions, repeated or out of order, followed by its final version (the newest copy is always
 * delivered last, as the stream does after the backend's snapshot/queue overlap). The deliveries are
 * interleaved across identities and cut into batches: a batch of one is a live event, a longer one a
 * snapshot. Every delivery, and every item of a server's list, is a separate parse of the item.
 *
 * <p>Each property runs over {@value #DEFAULT_TRIES} scenarios, each generated from a {@link Random} whose
 * seed is derived from a fixed base seed, so every run checks the same scenarios.
 * {@code -Dthreadline.mergeTries=N} runs N scenarios per property instead; a failure prints its seed and
 * the whole scenario (its batches of deliveries), and {@code -Dthreadline.mergeSeed=S} replays that one
 * scenario alone. There is no shrinking: scenarios are kept small enough to read.
 */
class MergePropertyTest {
  private static final long BASE_SEED = 20_261_121_0001L;
  private static final int DEFAULT_TRIES = 500;
  private static final String REPLAY = "mvn -B -o -pl sdk/core test -Dtest=MergePropertyTest -Dthreadline.mergeSeed=";

  private static final String[] CREATED_AT = {
      "5", "5.0", "5.25", "9.5", "10.25", "10.250", "100",
      "1737331539.123456", "1737331539.123456000", "1737331539.1234567891", "1737331539.1234567892"};
  private static final String[] TYPES = {ChatItem.TYPE_MESSAGE, ChatItem.TYPE_LOG, ChatItem.TYPE_STAT, "chart"};
  private static final String[][] VOICES = {{"assistant", "Sure."}, {"user", "hello"}, {"user", "bye"},
      {"assistant", "hello"}};
  private static final Workflow WORKFLOW = Workflow.fromJson("{\"id\": \"wf_p\", \"status\": \"running\"}");
  /** The four properties check the same scenarios: each is generated once (the properties only read it). */
  private static final Map<Long, Built> BUILT = new ConcurrentHashMap<>();

  /** One identity: what it is and which of its versions are delivered before the final one. */
  record Identity(String type, boolean hasId, Integer round, int createdAt, int versions, Integer movedTo,
      List<Integer> earlier, int voice) {

    static Identity generate(Random random) {
      String type = TYPES[random.nextInt(TYPES.length)];
      boolean hasId = random.nextBoolean();
      Integer round = random.nextInt(4) == 0 ? null : 1 + random.nextInt(3);
      int createdAt = random.nextInt(CREATED_AT.length);
      int versions = 1 + random.nextInt(3);
      Integer movedTo = random.nextInt(10) < 7 ? null : random.nextInt(CREATED_AT.length);
      List<Integer> earlier = new ArrayList<>();
      for (int i = random.nextInt(5); i > 0; i--) earlier.add(random.nextInt(3));
      int voice = random.nextInt(VOICES.length);
      return new Identity(type, hasId, round, createdAt, versions, movedTo, earlier, voice);
    }
  }

  /** A whole scenario; the lists of choices drive interleaving, batching and the server's order. */
  record Scenario(List<Identity> identities, List<Integer> schedule, List<Integer> batchSizes,
      Integer pendingRound, Integer pendingVoice, long serverSeed) {

    /**
     * Up to 24 identities and a schedule of up to 60 choices (both sizes uniform, so empty ones occur),
     * 1 to 12 batch sizes of 1 to 6, and a pending echo half the time. Now and then every delivery is a
     * live event, or the identities are delivered one after another (an empty schedule).
     */
    static Scenario generate(Random random) {
      List<Identity> identities = new ArrayList<>();
      for (int i = random.nextInt(25); i > 0; i--) identities.add(Identity.generate(random));
      List<Integer> schedule = new ArrayList<>();
      int scheduleSize = random.nextInt(8) == 0 ? 0 : random.nextInt(61);
      for (int i = 0; i < scheduleSize; i++) schedule.add(random.nextInt(1001));
      List<Integer> batchSizes = new ArrayList<>();
      if (random.nextInt(8) == 0) {
        batchSizes.add(1);
      } else {
        for (int i = 1 + random.nextInt(12); i > 0; i--) batchSizes.add(1 + random.nextInt(6));
      }
      Integer pendingRound = random.nextInt(10) < 3 ? null : 1 + random.nextInt(3);
      Integer pendingVoice = random.nextBoolean() ? null : 1 + random.nextInt(2);
      return new Scenario(identities, schedule, batchSizes, pendingRound, pendingVoice, random.nextLong());
    }
  }

  /**
   * One property: checks a scenario; {@code notes} collects what it derived (e.g. the server's list), to
   * print only when it fails.
   */
  @FunctionalInterface
  private interface Property {
    void check(Scenario scenario, Built built, List<Supplier<String>> notes);
  }

  @TestFactory Stream<DynamicTest> anyInterleavingOfSnapshotsAndEventsConverges() {
    return cases("anyInterleavingOfSnapshotsAndEventsConverges", MergePropertyTest::convergence);
  }

  @TestFactory Stream<DynamicTest> mergingTheResultAgainChangesNothing() {
    return cases("mergingTheResultAgainChangesNothing", MergePropertyTest::idempotence);
  }

  @TestFactory Stream<DynamicTest> resyncWithTheFinalServerListKeepsTheConvergedThread() {
    return cases("resyncWithTheFinalServerListKeepsTheConvergedThread", MergePropertyTest::resyncWithFinal);
  }

  @TestFactory Stream<DynamicTest> resyncFromAnyStateYieldsExactlyTheServersItems() {
    return cases("resyncFromAnyStateYieldsExactlyTheServersItems", MergePropertyTest::resyncFromAnyState);
  }

  @AfterAll static void forgetScenarios() {
    BUILT.clear();
  }

  private static void convergence(Scenario scenario, Built built, List<Supplier<String>> notes) {
    ThreadModel model = withScenarioPending(ThreadModel.EMPTY, scenario);
    for (List<ChatItem> batch : built.batches) {
      ThreadMerger.Result result = ThreadMerger.merge(model, batch);
      assertTrue(result.removedKeys.isEmpty(), "a stream merge removed " + result.removedKeys);
      model = result.model;
    }

    List<ChatItem> expected = new ArrayList<>(built.finals);
    expected.sort(byRules(built.firstArrival));
    assertEquals(json(expected), json(confirmed(model)), "merged thread");
    assertDistinctIdentities(model);

    List<ChatItem> inArrivalOrder = new ArrayList<>(built.finals);
    inArrivalOrder.sort(Comparator.comparing(item -> built.firstArrival.get(item.identityKey())));
    ThreadModel single = ThreadMerger.merge(ThreadModel.EMPTY, inArrivalOrder).model;
    assertEquals(json(confirmed(single)), json(confirmed(model)), "one in-order merge of the final items");

    boolean confirmedByServer = scenario.pendingVoice() != null
        && built.finals.stream().anyMatch(item -> confirms(item, scenario));
    assertEquals(scenario.pendingVoice() != null && !confirmedByServer, model.pending() != null, "pending echo");
  }

  private static void idempotence(Scenario scenario, Built built, List<Supplier<String>> notes) {
    ThreadModel model = mergeAll(withScenarioPending(ThreadModel.EMPTY, scenario), built.batches);
    List<ChatItem> again = shuffled(copies(confirmed(model)), new Random(scenario.serverSeed()));
    notes.add(() -> "merged again: " + lines(again));

    ThreadMerger.Result result = ThreadMerger.merge(model, again);

    assertFalse(result.itemsChanged(), "merging the thread's own items again wrote " + result.upserts);
    assertEquals(again.size(), result.duplicates, "each copy counted as a duplicate");
    assertEquals(view(model), view(result.model));
  }

  private static void resyncWithFinal(Scenario scenario, Built built, List<Supplier<String>> notes) {
    ThreadModel model = mergeAll(withScenarioPending(ThreadModel.EMPTY, scenario), built.batches);
    List<ChatItem> serverList = shuffled(copies(built.finals), new Random(scenario.serverSeed()));
    notes.add(() -> "server list: " + lines(serverList));

    ThreadMerger.Result result = ThreadMerger.resync(model, new ChatThread(WORKFLOW, serverList));

    assertEquals(view(model), view(result.model), "a re-read of what the thread already holds");
    assertTrue(result.upserts.isEmpty(), "wrote " + result.upserts);
    assertTrue(result.removedKeys.isEmpty(), "removed " + result.removedKeys);
    assertEquals(serverList.size(), result.duplicates);
    assertEquals(WORKFLOW, result.model.workflow());
  }

  private static void resyncFromAnyState(Scenario scenario, Built built, List<Supplier<String>> notes) {
    Random random = new Random(scenario.serverSeed());
    // Any prior state: part of a stream (with versions the server no longer has, and items it never had).
    int prefix = built.batches.isEmpty() ? 0 : random.nextInt(built.batches.size() + 1);
    notes.add(() -> "prior state: the first " + prefix + " batches, then a pending echo of round 99");
    ThreadModel prior = mergeAll(ThreadModel.EMPTY, built.batches.subList(0, prefix));
    ChatItem echo = Placeholders.echo("not confirmed yet", 99, EpochSeconds.parse("1"));
    prior = ThreadMerger.withPending(prior, echo, 99);
    // The server's truth: any subset of the identities, each at any version, in any order, some listed twice.
    List<ChatItem> serverList = new ArrayList<>();
    for (List<ChatItem> versions : built.versions) {
      if (random.nextInt(3) == 0) continue;
      serverList.add(copy(versions.get(random.nextInt(versions.size()))));
      if (random.nextInt(8) == 0) serverList.add(copy(serverList.get(serverList.size() - 1)));
    }
    List<ChatItem> listed = shuffled(serverList, random);
    serverList = listed;
    notes.add(() -> "server list: " + lines(listed));

    ThreadMerger.Result result = ThreadMerger.resync(prior, new ChatThread(WORKFLOW, serverList));

    // Expected order: by the rules, where an identity the client held keeps its arrival and a new one
    // arrives after all of those, in the server's order.
    Set<String> held = confirmed(prior).stream().map(ChatItem::identityKey).collect(Collectors.toSet());
    Map<String, ChatItem> serverItems = new LinkedHashMap<>();
    for (ChatItem item : serverList) serverItems.put(item.identityKey(), item);
    Map<String, Integer> arrival = new HashMap<>();
    int next = Integer.MAX_VALUE / 2;
    for (String key : serverItems.keySet()) {
      arrival.put(key, held.contains(key) ? built.firstArrival.get(key) : next++);
    }
    List<ChatItem> expected = new ArrayList<>(serverItems.values());
    expected.sort(byRules(arrival));
    assertEquals(json(expected), json(confirmed(result.model)), "thread after the re-read");
    assertDistinctIdentities(result.model);
    assertEquals(echo.asPending(), result.model.pending(), "the pending echo stays until its round is confirmed");

    Set<String> expectedRemoved = new HashSet<>(held);
    expectedRemoved.removeAll(serverItems.keySet());
    assertEquals(expectedRemoved, new HashSet<>(result.removedKeys), "removed keys");
    assertEquals(result.removedKeys.size(), new HashSet<>(result.removedKeys).size(), "a key removed twice");

    ThreadMerger.Result again = ThreadMerger.resync(result.model, new ChatThread(WORKFLOW, serverList));
    assertEquals(view(result.model), view(again.model), "the same re-read merged twice");
    assertTrue(again.removedKeys.isEmpty(), "the same re-read merged twice removed " + again.removedKeys);
  }

  /** The seeded cases of one property: all of them, or only the one {@code threadline.mergeSeed} names. */
  private static Stream<DynamicTest> cases(String property, Property check) {
    String replay = System.getProperty("threadline.mergeSeed", "").trim();
    LongStream seeds = replay.isEmpty()
        ? LongStream.range(0, tries()).map(i -> seedOf(i))
        : LongStream.of(Long.parseLong(replay));
    return seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> run(property, seed, check)));
  }

  private static int tries() {
    String tries = System.getProperty("threadline.mergeTries", "").trim();
    return tries.isEmpty() ? DEFAULT_TRIES : Integer.parseInt(tries);
  }

  /** The seed of case {@code index}: the base seed and the index mixed (SplitMix64's finalizer). */
  static long seedOf(long index) {
    long z = BASE_SEED + index * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void run(String property, long seed, Property check) {
    Built built = BUILT.computeIfAbsent(seed, s -> Built.of(Scenario.generate(new Random(s))));
    Scenario scenario = built.scenario;
    List<Supplier<String>> notes = new ArrayList<>();
    try {
      check.check(scenario, built, notes);
    } catch (AssertionError | RuntimeException failure) {
      throw new AssertionError(property + " failed for seed " + seed + ": " + failure.getMessage()
          + "\nReplay this case alone: " + REPLAY + seed + "\n" + describe(scenario, built, notes), failure);
    }
  }

  /** The whole case: the pending echo, every batch of deliveries in order, and what the property derived. */
  private static String describe(Scenario scenario, Built built, List<Supplier<String>> notes) {
    StringBuilder out = new StringBuilder("Scenario: ").append(built.finals.size()).append(" identities");
    if (scenario.pendingVoice() == null) {
      out.append(", no pending echo");
    } else {
      out.append(", pending echo \"").append(VOICES[scenario.pendingVoice()][1]).append("\" of round ")
          .append(scenario.pendingRound());
    }
    out.append(", server seed ").append(scenario.serverSeed()).append("\nDeliveries in ")
        .append(built.batches.size()).append(" batches:");
    int at = 0;
    for (int b = 0; b < built.batches.size(); b++) {
      List<ChatItem> batch = built.batches.get(b);
      out.append("\n  batch ").append(b + 1)
          .append(batch.size() == 1 ? " (live event)" : " (snapshot of " + batch.size() + ")").append(':');
      for (ChatItem item : batch) out.append("\n    #").append(at++).append(' ').append(item.toJson());
    }
    for (Supplier<String> note : notes) out.append('\n').append(note.get());
    return out.toString();
  }

  private static String lines(List<ChatItem> items) {
    StringBuilder out = new StringBuilder().append(items.size()).append(" items");
    for (ChatItem item : items) out.append("\n    ").append(item.toJson());
    return out.toString();
  }

  /** A scenario made concrete: the items of each identity and the batches in which they arrive. */
  private static final class Built {
    final Scenario scenario;
    final List<List<ChatItem>> versions = new ArrayList<>();
    final List<ChatItem> finals = new ArrayList<>();
    final List<List<ChatItem>> batches = new ArrayList<>();
    final Map<String, Integer> firstArrival = new HashMap<>();

    private Built(Scenario scenario) {
      this.scenario = scenario;
    }

    static Built of(Scenario scenario) {
      Built built = new Built(scenario);
      Set<String> keys = new HashSet<>();
      List<List<ChatItem>> queues = new ArrayList<>();
      for (int index = 0; index < scenario.identities().size(); index++) {
        Identity identity = scenario.identities().get(index);
        List<ChatItem> versions = versionsOf(identity, index);
        // Identities must be distinct: a later spec naming an identity already taken is left out.
        if (!keys.add(versions.get(0).identityKey())) continue;
        built.versions.add(versions);
        built.finals.add(versions.get(versions.size() - 1));
        List<ChatItem> queue = new ArrayList<>();
        for (int v : identity.earlier()) queue.add(copy(versions.get(Math.min(v, versions.size() - 1))));
        queue.add(copy(versions.get(versions.size() - 1)));
        queues.add(queue);
      }
      List<ChatItem> deliveries = interleave(queues, scenario.schedule());
      for (int i = 0; i < deliveries.size(); i++) built.firstArrival.putIfAbsent(deliveries.get(i).identityKey(), i);
      int at = 0;
      for (int b = 0; at < deliveries.size(); b++) {
        int size = scenario.batchSizes().get(b % scenario.batchSizes().size());
        built.batches.add(deliveries.subList(at, Math.min(at + size, deliveries.size())));
        at += size;
      }
      return built;
    }

    private static List<ChatItem> versionsOf(Identity identity, int index) {
      List<ChatItem> versions = new ArrayList<>();
      for (int v = 0; v < identity.versions(); v++) {
        boolean moved = identity.hasId() && identity.movedTo() != null && v == identity.versions() - 1 && v > 0;
        String createdAt = CREATED_AT[moved ? identity.movedTo() : identity.createdAt()];
        StringBuilder item = new StringBuilder("{");
        // Pairs of identities share an id, so the same id occurs in different types.
        if (identity.hasId()) item.append("\"id\": \"x").append(index / 2).append("\", ");
        if (identity.type().equals(ChatItem.TYPE_MESSAGE)) {
          String[] voice = VOICES[identity.voice()];
          item.append("\"role\": \"").append(voice[0]).append("\", \"message\": \"").append(voice[1]).append("\", ");
        }
        item.append("\"progress\": 0.").append(v * 3 + 2).append(", \"extra\": {\"seen\": [").append(v).append("]}");
        if (identity.round() != null) item.append(", \"roundNumber\": ").append(identity.round());
        item.append('}');
        versions.add(ChatItem.fromJson("{\"type\": \"" + identity.type() + "\", \"createdAt\": " + createdAt
            + ", \"item\": " + item + "}"));
      }
      return versions;
    }

    private static List<ChatItem> interleave(List<List<ChatItem>> queues, List<Integer> schedule) {
      List<List<ChatItem>> open = new ArrayList<>();
      for (List<ChatItem> queue : queues) open.add(new ArrayList<>(queue));
      List<ChatItem> out = new ArrayList<>();
      int step = 0;
      while (!open.isEmpty()) {
        int choice = schedule.isEmpty() ? 0 : schedule.get(step++ % schedule.size());
        List<ChatItem> queue = open.get(choice % open.size());
        out.add(queue.remove(0));
        if (queue.isEmpty()) open.remove(queue);
      }
      return out;
    }
  }

  private static ThreadModel withScenarioPending(ThreadModel model, Scenario scenario) {
    if (scenario.pendingVoice() == null) return model;
    String text = VOICES[scenario.pendingVoice()][1];
    return ThreadMerger.withPending(model, Placeholders.echo(text, scenario.pendingRound(), EpochSeconds.parse("7")),
        scenario.pendingRound());
  }

  /** The rule for confirming a pending echo, stated independently of the merger. */
  private static boolean confirms(ChatItem item, Scenario scenario) {
    if (!item.type().equals(ChatItem.TYPE_MESSAGE) || !"user".equals(item.role())) return false;
    if (scenario.pendingRound() != null && item.roundNumber() != null) {
      return scenario.pendingRound().equals(item.roundNumber());
    }
    return VOICES[scenario.pendingVoice()][1].equals(item.message());
  }

  /** Order by createdAt (exact, numeric), then roundNumber (missing first), then arrival. */
  private static Comparator<ChatItem> byRules(Map<String, Integer> arrival) {
    return Comparator.<ChatItem, BigDecimal>comparing(item -> new BigDecimal(item.createdAt().toString()))
        .thenComparing(ChatItem::roundNumber, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(item -> arrival.get(item.identityKey()));
  }

  private static ThreadModel mergeAll(ThreadModel model, List<List<ChatItem>> batches) {
    for (List<ChatItem> batch : batches) model = ThreadMerger.merge(model, batch).model;
    return model;
  }

  private static void assertDistinctIdentities(ThreadModel model) {
    Set<String> keys = new HashSet<>();
    for (ChatItem item : confirmed(model)) assertTrue(keys.add(item.identityKey()), "identity twice: " + item);
  }

  /** A delivery is a separate parse, as on the wire: merging must compare items by value, never by reference. */
  private static ChatItem copy(ChatItem item) {
    return ChatItem.fromJson(item.toJson());
  }

  private static List<ChatItem> copies(List<ChatItem> items) {
    return items.stream().map(MergePropertyTest::copy).collect(Collectors.toList());
  }

  private static List<ChatItem> shuffled(List<ChatItem> items, Random random) {
    List<ChatItem> copy = new ArrayList<>(items);
    Collections.shuffle(copy, random);
    return copy;
  }

  private static List<ChatItem> confirmed(ThreadModel model) {
    return model.items().stream().filter(item -> !item.isPending()).collect(Collectors.toList());
  }

  private static List<String> json(List<ChatItem> items) {
    return items.stream().map(ChatItem::toJson).collect(Collectors.toList());
  }

  private static List<String> view(ThreadModel model) {
    return model.items().stream().map(item -> (item.isPending() ? "pending " : "") + item.toJson())
        .collect(Collectors.toList());
  }
}
