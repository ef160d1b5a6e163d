package dev.threadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ListChanges.Kind;
import dev.threadline.ListChanges.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Property-based tests of {@link ListChanges}: for any previous and new list, applying the changes to the
 * previous list yields the new one, each operation names the item it touches, and a new list made only
 * of insertions, removals and changes (no moves) gets exactly those.
 *
 * <p>A case is a previous list of distinct rows ({@code key:version}) and a new list made from it by a
 * random mix of removals, insertions of new keys, moves (of one or several rows), content changes, or
 * a shuffle of everything. Each property runs over {@value #DEFAULT_TRIES} cases, each generated from a
 * {@link Random} seeded from a fixed base seed, so every run checks the same cases;
 * {@code -Dthreadline.changesTries=N} runs N instead, and a failure names its seed, which
 * {@code -Dthreadline.changesSeed=S} replays alone.
 */
class ListChangesPropertyTest {
  private static final long BASE_SEED = 20_261_201_0016L;
  private static final int DEFAULT_TRIES = 600;

  /** One case: the previous list, the new one, and whether the new one moved any row. */
  private static final class Case {
    final List<String> previous = new ArrayList<>();
    final List<String> next = new ArrayList<>();
    boolean moved;

    @Override public String toString() {
      return previous + " -> " + next;
    }
  }

  @TestFactory Stream<DynamicTest> applyingTheChangesToThePreviousListYieldsTheNewOne() {
    return cases(scenario -> {
      ListChanges changes = ListDiff.between(scenario.previous, scenario.next, ListChangesPropertyTest::key);
      List<String> shown = new ArrayList<>(scenario.previous);
      changes.applyTo(shown, scenario.next);
      assertEquals(scenario.next, shown);
    });
  }

  @TestFactory Stream<DynamicTest> eachOperationNamesTheItemItTouchesInTheDocumentedOrder() {
    return cases(scenario -> {
      List<String> shown = new ArrayList<>(scenario.previous);
      Kind kind = Kind.REMOVED;
      int last = Integer.MAX_VALUE;
      for (Op op : ListDiff.between(scenario.previous, scenario.next, ListChangesPropertyTest::key).ops()) {
        if (op.kind() != kind) {
          assertTrue(op.kind().ordinal() > kind.ordinal(), "runs out of order: " + op);
          kind = op.kind();
          last = -1;
        }
        if (kind == Kind.REMOVED) {
          assertTrue(op.position() < last, "removals not last position first: " + op);
          assertEquals(key(shown.remove(op.position())), op.key());
        } else {
          assertTrue(op.position() > last, kind + "s not first position first: " + op);
          assertEquals(key(scenario.next.get(op.position())), op.key());
          if (kind == Kind.INSERTED) shown.add(op.position(), scenario.next.get(op.position()));
          else assertEquals(op.key(), key(shown.set(op.position(), scenario.next.get(op.position()))));
        }
        last = op.position();
      }
      assertEquals(scenario.next, shown);
    });
  }

  @TestFactory Stream<DynamicTest> withoutMovesOnlyTheRowsRemovedInsertedOrChangedAreTouched() {
    return cases(scenario -> {
      if (scenario.moved) return;
      Set<String> previousKeys = keys(scenario.previous);
      Set<String> nextKeys = keys(scenario.next);
      Set<String> previousRows = new HashSet<>(scenario.previous);
      int removed = 0;
      int inserted = 0;
      int changed = 0;
      for (String row : scenario.previous) if (!nextKeys.contains(key(row))) removed++;
      for (String row : scenario.next) {
        if (!previousKeys.contains(key(row))) inserted++;
        else if (!previousRows.contains(row)) changed++;
      }
      int[] counted = new int[Kind.values().length];
      for (Op op : ListDiff.between(scenario.previous, scenario.next, ListChangesPropertyTest::key).ops()) {
        counted[op.kind().ordinal()]++;
      }
      assertEquals(removed, counted[Kind.REMOVED.ordinal()], "removals");
      assertEquals(inserted, counted[Kind.INSERTED.ordinal()], "insertions");
      assertEquals(changed, counted[Kind.CHANGED.ordinal()], "changes");
    });
  }

  private static String key(String row) {
    return row.substring(0, row.indexOf(':'));
  }

  private static Set<String> keys(List<String> rows) {
    Set<String> keys = new HashSet<>();
    for (String row : rows) keys.add(key(row));
    return keys;
  }

  private static Case generate(Random random) {
    Case scenario = new Case();
    int size = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(40);
    int nextKey = 0;
    for (int i = 0; i < size; i++) scenario.previous.add("k" + nextKey++ + ":0");
    scenario.next.addAll(scenario.previous);
    if (random.nextInt(10) == 0) {
      java.util.Collections.shuffle(scenario.next, random);
      scenario.moved = true;
    }
    for (int steps = random.nextInt(8); steps > 0; steps--) {
      List<String> next = scenario.next;
      switch (random.nextInt(5)) {
        case 0:
          if (!next.isEmpty()) next.remove(random.nextInt(next.size()));
          break;
        case 1:
          next.add(random.nextInt(next.size() + 1), "k" + nextKey++ + ":0");
          break;
        case 2:
          next.add("k" + nextKey++ + ":0");
          break;
        case 3:
          if (!next.isEmpty()) {
            int at = random.nextInt(next.size());
            next.set(at, key(next.get(at)) + ":" + (1 + random.nextInt(3)));
          }
          break;
        default:
          if (next.size() > 1) {
            next.add(random.nextInt(next.size()), next.remove(random.nextInt(next.size())));
            scenario.moved = true;
          }
      }
    }
    return scenario;
  }

  /** The seeded cases of one property: all of them, or only the one {@code threadline.changesSeed} names. */
  private static Stream<DynamicTest> cases(java.util.function.Consumer<Case> property) {
    String replay = System.getProperty("threadline.changesSeed", "").trim();
    String tries = System.getProperty("threadline.changesTries", "").trim();
    LongStream seeds = replay.isEmpty()
        ? LongStream.range(0, tries.isEmpty() ? DEFAULT_TRIES : Integer.parseInt(tries)).map(i -> BASE_SEED + i)
        : LongStream.of(Long.parseLong(replay));
    return seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
      Case scenario = generate(new Random(seed));
      try {
        property.accept(scenario);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + " (replay: -Dthreadline.changesSeed=" + seed + "): "
            + scenario + ": " + e.getMessage(), e);
      }
    }));
  }
}
