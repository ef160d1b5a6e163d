package dev.threadline.internal;

import dev.threadline.ChatItem;
import dev.threadline.Workflow;
import java.util.AbstractList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * One thread's merged content, immutable and structure-sharing: every change is O(log n) and produces a
 * new model, so each observer snapshot is free to make and safe to keep.
 *
 * <p>Items are ordered by {@code createdAt}, then {@code roundNumber} (missing first), then arrival (the
 * order in which this client first saw each identity); {@link ThreadMerger} keeps that order and the
 * identity index consistent.
 */
public final class ThreadModel {
  /** An item with the arrival number that breaks ordering ties. */
  static final class Entry {
    final ChatItem item;
    final long arrival;

    Entry(ChatItem item, long arrival) {
      this.item = item;
      this.arrival = arrival;
    }
  }

  static final Comparator<Entry> ORDER = (a, b) -> {
    int byTime = a.item.createdAt().compareTo(b.item.createdAt());
    if (byTime != 0) return byTime;
    Integer ra = a.item.roundNumber();
    Integer rb = b.item.roundNumber();
    if (ra == null ? rb != null : !ra.equals(rb)) {
      if (ra == null) return -1;
      if (rb == null) return 1;
      return Integer.compare(ra, rb);
    }
    return Long.compare(a.arrival, b.arrival);
  };

  /** A model with no workflow and no items. */
  public static final ThreadModel EMPTY =
      new ThreadModel(null, TreePVector.empty(), HashTreePMap.empty(), 0, null, null);

  final @Nullable Workflow workflow;
  final PVector<Entry> entries;
  final PMap<String, Entry> byKey;
  final long nextArrival;
  final @Nullable ChatItem pending;
  final @Nullable Integer pendingRound;

  ThreadModel(@Nullable Workflow workflow, PVector<Entry> entries, PMap<String, Entry> byKey, long nextArrival,
      @Nullable ChatItem pending, @Nullable Integer pendingRound) {
    this.workflow = workflow;
    this.entries = entries;
    this.byKey = byKey;
    this.nextArrival = nextArrival;
    this.pending = pending;
    this.pendingRound = pendingRound;
  }

  /** The workflow as last read, or null. */
  public @Nullable Workflow workflow() {
    return workflow;
  }

  /** This model with {@code workflow} as its workflow. */
  public ThreadModel withWorkflow(Workflow workflow) {
    if (workflow == this.workflow) return this;
    return new ThreadModel(workflow, entries, byKey, nextArrival, pending, pendingRound);
  }

  /** The confirmed items in order, then the pending echo if there is one. O(1); never copied. */
  public ImmutableItems items() {
    return new ImmutableItems(entries, pending);
  }

  /** How many confirmed (server) items the model holds. */
  public int confirmedCount() {
    return entries.size();
  }

  /** The pending echo of a prompt not yet confirmed, or null. */
  public @Nullable ChatItem pending() {
    return pending;
  }

  /** Whether the model holds an item with {@code identityKey}. */
  public boolean contains(String identityKey) {
    return byKey.containsKey(identityKey);
  }

  /** The model's items as an unmodifiable list sharing the model's structure. */
  public static final class ImmutableItems extends AbstractList<ChatItem>
      implements ImmutableList<ChatItem>, RandomAccess {
    private final PVector<Entry> entries;
    private final @Nullable ChatItem pending;

    ImmutableItems(PVector<Entry> entries, @Nullable ChatItem pending) {
      this.entries = entries;
      this.pending = pending;
    }

    @Override public ChatItem get(int index) {
      if (index == entries.size() && pending != null) return pending;
      return entries.get(index).item;
    }

    @Override public int size() {
      return entries.size() + (pending == null ? 0 : 1);
    }

    @Override public Iterator<ChatItem> iterator() {
      Iterator<Entry> confirmed = entries.iterator();
      return new Iterator<ChatItem>() {
        private boolean pendingServed = pending == null;

        @Override public boolean hasNext() {
          return confirmed.hasNext() || !pendingServed;
        }

        // pendingServed starts true when there is no pending item, so the last line returns one that is there.
        @SuppressWarnings("NullAway")
        @Override public ChatItem next() {
          if (confirmed.hasNext()) return confirmed.next().item;
          if (pendingServed) throw new java.util.NoSuchElementException();
          pendingServed = true;
          return pending;
        }
      };
    }
  }
}
