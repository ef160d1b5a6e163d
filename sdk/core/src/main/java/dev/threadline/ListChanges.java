package dev.threadline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What changed in a list between the state an observer received before and the one it receives now: the
 * items removed, inserted and changed, by position and identity, so an adapter (a RecyclerView or
 * ListView adapter, a Swing {@code ListModel}, a JavaFX {@code ObservableList}) updates its rows without
 * diffing. Carried by {@link ThreadState#changes()} (items, identified by {@link ChatItem#identityKey()})
 * and {@link ThreadListState#changes()} (threads, identified by {@link Workflow#id()}). Immutable and
 * thread-safe.
 *
 * <p>The {@linkplain #ops() operations} are meant to be applied one after the other to the previous list;
 * each position counts in the list as the operations before it left it. They come in three runs: all
 * {@link Kind#REMOVED removals}, from the last position to the first; then all {@link Kind#INSERTED
 * insertions}, from the first position to the last; then all {@link Kind#CHANGED changes}. So the position
 * of an insertion or a change is also the item's position in the new list, and an adapter takes the item
 * from there:
 *
 * <pre>{@code
 * void onChanged(ThreadState state) {
 *   List<ChatItem> items = state.items();
 *   if (state.changes().isReset()) {
 *     shown = new ArrayList<>(items);
 *     adapter.notifyDataSetChanged();
 *     return;
 *   }
 *   for (ListChanges.Op op : state.changes().ops()) {
 *     switch (op.kind()) {
 *       case REMOVED: shown.remove(op.position()); adapter.notifyItemRemoved(op.position()); break;
 *       case INSERTED: shown.add(op.position(), items.get(op.position())); adapter.notifyItemInserted(op.position()); break;
 *       case CHANGED: shown.set(op.position(), items.get(op.position())); adapter.notifyItemChanged(op.position()); break;
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #applyTo(List, List)} does the list part of that for a {@link List} (a JavaFX
 * {@code ObservableList} included, which then reports fine-grained changes of its own).
 *
 * <p>A move is a removal and an insertion. The operations always lead from the previous list to the new
 * one. They are computed in linear time, so with moves they are not always the fewest possible; without
 * moves they touch exactly the items inserted, removed or changed, and so does a single move on its own.
 */
public final class ListChanges {
  private static final ListChanges NONE = new ListChanges(Collections.emptyList(), false, 0, 0);

  private final List<Op> ops;
  private final boolean reset;
  private final int previousSize;
  private final int size;

  private ListChanges(List<Op> ops, boolean reset, int previousSize, int size) {
    this.ops = ops;
    this.reset = reset;
    this.previousSize = previousSize;
    this.size = size;
  }

  /** What an operation does to the item at its position. */
  public enum Kind {
    /** The item at the position is removed; the items after it move up by one. */
    REMOVED,
    /** The new list's item at the position is inserted there; the items from there on move down by one. */
    INSERTED,
    /** The item at the position stays (same identity) but its content changed: replace it with the new list's. */
    CHANGED
  }

  /** One operation: its kind, the position it applies at, and the identity of the item it concerns. */
  public static final class Op {
    private final Kind kind;
    private final int position;
    private final String key;

    Op(Kind kind, int position, String key) {
      this.kind = kind;
      this.position = position;
      this.key = key;
    }

    /** What the operation does. Never null. */
    public Kind kind() {
      return kind;
    }

    /** Where it applies, counted in the list as the operations before it left it. */
    public int position() {
      return position;
    }

    /** The identity of the item removed, inserted or changed: an item's identity key or a workflow id. */
    public String key() {
      return key;
    }

    @Override public boolean equals(@Nullable Object o) {
      if (!(o instanceof Op)) return false;
      Op that = (Op) o;
      return kind == that.kind && position == that.position && key.equals(that.key);
    }

    @Override public int hashCode() {
      return Objects.hash(kind, position, key);
    }

    @Override public String toString() {
      return kind + "(" + position + ", " + key + ")";
    }
  }

  /** Changes of a first delivery: every one of {@code items} inserted, marked {@linkplain #isReset() reset}. */
  static <T> ListChanges reset(List<T> items, Function<? super T, String> key) {
    List<Op> ops = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) ops.add(new Op(Kind.INSERTED, i, key.apply(items.get(i))));
    return new ListChanges(Collections.unmodifiableList(ops), true, 0, items.size());
  }

  /** Changes made of {@code ops} (in the order of {@link #ops()}), from a list of one size to another. */
  static ListChanges of(List<Op> ops, int previousSize, int size) {
    return ops.isEmpty() && previousSize == 0 && size == 0
        ? NONE
        : new ListChanges(Collections.unmodifiableList(ops), false, previousSize, size);
  }

  /**
   * The operations, in the order to apply them: removals (last position first), then insertions (first
   * position first), then changes. Unmodifiable, never null; empty when nothing changed.
   */
  public List<Op> ops() {
    return ops;
  }

  /** Whether nothing was removed, inserted or changed. */
  public boolean isEmpty() {
    return ops.isEmpty();
  }

  /**
   * Whether this is the first state the observer receives: nothing came before it, so an adapter shows
   * the whole new list (whatever it showed before, e.g. from an earlier subscription). The operations then
   * insert every item into an empty list.
   */
  public boolean isReset() {
    return reset;
  }

  /**
   * Applies these changes to {@code shown}, the previous list as the caller keeps it, so that it holds
   * the items of {@code items}, the new list (e.g. {@link ThreadState#items()}). Where this is a
   * {@linkplain #isReset() reset}, {@code shown} is cleared and refilled instead.
   *
   * @param shown a modifiable list holding the previous list's items (or anything, for a reset)
   * @param items the new list these changes lead to
   * @throws IllegalArgumentException if {@code shown} or {@code items} does not have the size these changes
   *     lead from or to (the caller applied them to another list); {@code shown} is then left as it was
   */
  public <T> void applyTo(List<T> shown, List<? extends T> items) {
    if (reset) {
      checkSize("the new list", items.size(), size);
      shown.clear();
      shown.addAll(items);
      return;
    }
    checkSize("the shown list", shown.size(), previousSize);
    checkSize("the new list", items.size(), size);
    for (Op op : ops) {
      switch (op.kind) {
        case REMOVED:
          shown.remove(op.position);
          break;
        case INSERTED:
          shown.add(op.position, items.get(op.position));
          break;
        case CHANGED:
          shown.set(op.position, items.get(op.position));
          break;
      }
    }
  }

  private static void checkSize(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(what + " has " + actual + " items, these changes are for " + expected);
    }
  }

  @Override public boolean equals(@Nullable Object o) {
    if (!(o instanceof ListChanges)) return false;
    ListChanges that = (ListChanges) o;
    return reset == that.reset && previousSize == that.previousSize && size == that.size && ops.equals(that.ops);
  }

  @Override public int hashCode() {
    return Objects.hash(ops, reset, previousSize, size);
  }

  @Override public String toString() {
    return "ListChanges(" + (reset ? "reset, " : "") + previousSize + " -> " + size + ", " + ops + ")";
  }
}
