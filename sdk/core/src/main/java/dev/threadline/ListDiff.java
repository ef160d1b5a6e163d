package dev.threadline;

import dev.threadline.ListChanges.Kind;
import dev.threadline.ListChanges.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Computes the {@link ListChanges} from one list to another in linear time.
 *
 * <p>Items are matched by identity key. The common prefix and suffix are matched position by position
 * without hashing (the usual delivery appends an item or changes the last one, so all the work is one
 * walk comparing mostly the same instances). In the rest, an item of the previous list whose identity is
 * in the new list stays if it keeps its order relative to the items kept before it: walking forwards
 * keeps an item moved to the front in place and removes the one moved, walking backwards does the same
 * for an item moved to the back; the walk keeping more items wins. Everything not kept is removed or
 * inserted. A kept item that is not equal to its new copy is changed.
 */
final class ListDiff<T> {
  private final List<? extends T> previous;
  private final List<? extends T> next;
  private final Function<? super T, String> key;

  private ListDiff(List<? extends T> previous, List<? extends T> next, Function<? super T, String> key) {
    this.previous = previous;
    this.next = next;
    this.key = key;
  }

  /**
   * The changes a state carries: from {@code previous} to {@code next}, or a reset when there is no previous
   * list ({@code previous} null). The one rule {@link ThreadState} and {@link ThreadListState} follow.
   */
  static <T> ListChanges since(@Nullable List<T> previous, List<T> next, Function<? super T, String> key) {
    return previous == null ? ListChanges.reset(next, key) : between(previous, next, key);
  }

  /** The changes leading from {@code previous} to {@code next}, items identified by {@code key}. */
  static <T> ListChanges between(List<? extends T> previous, List<? extends T> next,
      Function<? super T, String> key) {
    return new ListDiff<T>(previous, next, key).compute();
  }

  private ListChanges compute() {
    int start = 0;
    int previousEnd = previous.size();
    int nextEnd = next.size();
    while (start < previousEnd && start < nextEnd && sameIdentity(start, start)) start++;
    while (previousEnd > start && nextEnd > start && sameIdentity(previousEnd - 1, nextEnd - 1)) {
      previousEnd--;
      nextEnd--;
    }
    // matchOf[i]: the new position of previous item start + i where it is kept, else -1.
    int[] matchOf = keptInMiddle(start, previousEnd, nextEnd);
    boolean[] insertedAt = new boolean[nextEnd - start];
    Arrays.fill(insertedAt, true);
    for (int match : matchOf) {
      if (match >= 0) insertedAt[match - start] = false;
    }

    List<Op> ops = new ArrayList<>();
    for (int i = previousEnd - 1; i >= start; i--) {
      if (matchOf[i - start] < 0) ops.add(new Op(Kind.REMOVED, i, key.apply(previous.get(i))));
    }
    for (int j = start; j < nextEnd; j++) {
      if (insertedAt[j - start]) ops.add(new Op(Kind.INSERTED, j, key.apply(next.get(j))));
    }
    for (int i = 0; i < start; i++) addIfChanged(ops, i, i);
    for (int i = start; i < previousEnd; i++) {
      if (matchOf[i - start] >= 0) addIfChanged(ops, i, matchOf[i - start]);
    }
    for (int i = previousEnd, j = nextEnd; i < previous.size(); i++, j++) addIfChanged(ops, i, j);
    return ListChanges.of(ops, previous.size(), next.size());
  }

  /**
   * For each previous item in {@code [start, previousEnd)}, the position in {@code [start, nextEnd)} of the
   * new copy it is kept as, or -1 where it is removed. The kept positions rise with the previous ones.
   */
  private int[] keptInMiddle(int start, int previousEnd, int nextEnd) {
    int[] found = new int[previousEnd - start];
    Arrays.fill(found, -1);
    if (previousEnd == start || nextEnd == start) return found;
    Map<String, Integer> positions = new HashMap<>();
    for (int j = nextEnd - 1; j >= start; j--) positions.put(key.apply(next.get(j)), j);
    for (int i = start; i < previousEnd; i++) {
      Integer j = positions.get(key.apply(previous.get(i)));
      if (j != null) found[i - start] = j;
    }
    int[] forwards = found.clone();
    int keptForwards = 0;
    int last = -1;
    for (int i = 0; i < forwards.length; i++) {
      if (forwards[i] > last) {
        last = forwards[i];
        keptForwards++;
      } else {
        forwards[i] = -1;
      }
    }
    int keptBackwards = 0;
    last = Integer.MAX_VALUE;
    for (int i = found.length - 1; i >= 0; i--) {
      if (found[i] >= 0 && found[i] < last) {
        last = found[i];
        keptBackwards++;
      } else {
        found[i] = -1;
      }
    }
    return keptBackwards > keptForwards ? found : forwards;
  }

  private boolean sameIdentity(int i, int j) {
    T a = previous.get(i);
    T b = next.get(j);
    return a == b || key.apply(a).equals(key.apply(b));
  }

  private void addIfChanged(List<Op> ops, int i, int j) {
    T a = previous.get(i);
    T b = next.get(j);
    if (a != b && !a.equals(b)) ops.add(new Op(Kind.CHANGED, j, key.apply(b)));
  }
}
