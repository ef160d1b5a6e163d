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
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;

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
 * snapshot. jqwik prints the seed of a failing run; {@code @Property(seed = "…")} replays it.
 */
class MergePropertyTest {
  private static final String[] CREATED_AT = {
      "5", "5.0", "5.25", "9.5", "10.25", "10.250", "100",
      "1737331539.123456", "1737331539.123456000", "1737331539.1234567891", "1737331539.1234567892"};
  private static final String[] TYPES = {ChatItem.TYPE_MESSAGE, ChatItem.TYPE_LOG, ChatItem.TYPE_STAT, "chart"};
  private static final String[][] VOICES = {{"assistant", "Sure."}, {"user", "hello"}, {"user", "bye"},
      {"assistant", "hello"}};
  private static final Workflow WORKFLOW = Workflow.fromJson("{\"id\": \"wf_p\", \"status\": \"running\"}");

  /** One identity: what it is and which of its versions are delivered before the final one. */
  record Identity(String type, boolean hasId, Integer round, int createdAt, int versions, Integer movedTo,
      List<Integer> earlier, int voice) {}

  /** A whole scenario; the lists of choices drive interleaving, batching and the server's order. */
  record Scenario(List<Identity> identities, List<Integer> schedule, List<Integer> batchSizes,
      Integer pendingRound, Integer pendingVoice, long serverSeed) {}

  @Provide Arbitrary<Scenario> scenarios() {
    Arbitrary<Identity> identity = Combinators.combine(
        Arbitraries.of(TYPES),
        Arbitraries.of(true, false),
        Arbitraries.integers().between(1, 3).injectNull(0.25),
        Arbitraries.integers().between(0, CREATED_AT.length - 1),
        Arbitraries.integers().between(1, 3),
        Arbitraries.integers().between(0, CREATED_AT.length - 1).injectNull(0.7),
        Arbitraries.integers().between(0, 2).list().ofMaxSize(4),
        Arbitraries.integers().between(0, VOICES.length - 1))
        .as(Identity::new);
    return Combinators.combine(
        identity.list().ofMaxSize(24).withSizeDistribution(RandomDistribution.uniform()),
        Arbitraries.integers().between(0, 1000).list().ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform()),
        Arbitraries.integers().between(1, 6).list().ofMinSize(1).ofMaxSize(12),
        Arbitraries.integers().between(1, 3).injectNull(0.3),
        Arbitraries.integers().between(1, 2).injectNull(0.5),
        Arbitraries.longs())
        .as(Scenario::new);
  }

  @Property(tries = 500)
  void anyInterleavingOfSnapshotsAndEventsConverges(@ForAll("scenarios") Scenario scenario) {
    Built built = Built.of(scenario);
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

  @Property(tries = 500)
  void mergingTheResultAgainChangesNothing(@ForAll("scenarios") Scenario scenario) {
    Built built = Built.of(scenario);
    ThreadModel model = mergeAll(withScenarioPending(ThreadModel.EMPTY, scenario), built.batches);
    List<ChatItem> again = shuffled(confirmed(model), new Random(scenario.serverSeed()));

    ThreadMerger.Result result = ThreadMerger.merge(model, again);

    assertFalse(result.itemsChanged(), "merging the thread's own items again wrote " + result.upserts);
    assertEquals(again.size(), result.duplicates, "each copy counted as a duplicate");
    assertEquals(view(model), view(result.model));
  }

  @Property(tries = 500)
  void resyncWithTheFinalServerListKeepsTheConvergedThread(@ForAll("scenarios") Scenario scenario) {
    Built built = Built.of(scenario);
    ThreadModel model = mergeAll(withScenarioPending(ThreadModel.EMPTY, scenario), built.batches);
    List<ChatItem> serverList = shuffled(built.finals, new Random(scenario.serverSeed()));

    ThreadMerger.Result result = ThreadMerger.resync(model, new ChatThread(WORKFLOW, serverList));

    assertEquals(view(model), view(result.model), "a re-read of what the thread already holds");
    assertTrue(result.upserts.isEmpty(), "wrote " + result.upserts);
    assertTrue(result.removedKeys.isEmpty(), "removed " + result.removedKeys);
    assertEquals(serverList.size(), result.duplicates);
    assertEquals(WORKFLOW, result.model.workflow());
  }

  @Property(tries = 500)
  void resyncFromAnyStateYieldsExactlyTheServersItems(@ForAll("scenarios") Scenario scenario) {
    Built built = Built.of(scenario);
    Random random = new Random(scenario.serverSeed());
    // Any prior state: part of a stream (with versions the server no longer has, and items it never had).
    int prefix = built.batches.isEmpty() ? 0 : random.nextInt(built.batches.size() + 1);
    ThreadModel prior = mergeAll(ThreadModel.EMPTY, built.batches.subList(0, prefix));
    ChatItem echo = Placeholders.echo("not confirmed yet", 99, EpochSeconds.parse("1"));
    prior = ThreadMerger.withPending(prior, echo, 99);
    // The server's truth: any subset of the identities, each at any version, in any order, some listed twice.
    List<ChatItem> serverList = new ArrayList<>();
    for (List<ChatItem> versions : built.versions) {
      if (random.nextInt(3) == 0) continue;
      serverList.add(versions.get(random.nextInt(versions.size())));
      if (random.nextInt(8) == 0) serverList.add(serverList.get(serverList.size() - 1));
    }
    serverList = shuffled(serverList, random);

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

  /** A scenario made concrete: the items of each identity and the batches in which they arrive. */
  private static final class Built {
    final List<List<ChatItem>> versions = new ArrayList<>();
    final List<ChatItem> finals = new ArrayList<>();
    final List<List<ChatItem>> batches = new ArrayList<>();
    final Map<String, Integer> firstArrival = new HashMap<>();

    static Built of(Scenario scenario) {
      Built built = new Built();
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
        for (int v : identity.earlier()) queue.add(versions.get(Math.min(v, versions.size() - 1)));
        queue.add(versions.get(versions.size() - 1));
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
