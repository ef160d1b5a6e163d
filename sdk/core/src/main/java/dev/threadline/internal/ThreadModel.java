package dev.threadline.internal;

import dev.threadline.ChatItem;
import dev.threadline.Workflow;
import java.util.AbstractList;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * One thread's merged content, immutable and structure-sharing: appending an item is O(1) amortised,
 * replacing one O(log n), and each observer snapshot is free to make and safe to keep.
 *
 * <p>Items are ordered by {@link ItemOrder}, then arrival (the order in which this client first saw each
 * identity); {@link ThreadMerger} keeps that order and the identity index consistent. Each identity has
 * an arrival number 0, 1, 2…: {@code byArrival} holds its current copy at that index, and
 * {@code identities} finds the arrival of an identity without holding its key.
 */
public final class ThreadModel {
  /** A model with no workflow and no items. */
  public static final ThreadModel EMPTY =
      new ThreadModel(null, ItemVector.EMPTY, ItemVector.EMPTY, IdentityIndex.EMPTY, null, null);

  final @Nullable Workflow workflow;
  final ItemVector ordered;
  final ItemVector byArrival;
  final IdentityIndex identities;
  final @Nullable ChatItem pending;
  final @Nullable Integer pendingRound;

  ThreadModel(@Nullable Workflow workflow, ItemVector ordered, ItemVector byArrival, IdentityIndex identities,
      @Nullable ChatItem pending, @Nullable Integer pendingRound) {
    this.workflow = workflow;
    this.ordered = ordered;
    this.byArrival = byArrival;
    this.identities = identities;
    this.pending = pending;
    this.pendingRound = pendingRound;
  }

  /** The workflow as last read, or null. */
  public @Nullable Workflow workflow() {
    return workflow;
  }

  /** This model with {@code workflow} as its workflow. */
  public ThreadModel withWorkflow(@Nullable Workflow workflow) {
    if (workflow == this.workflow) return this;
    return new ThreadModel(workflow, ordered, byArrival, identities, pending, pendingRound);
  }

  /** The confirmed items in order, then the pending echo if there is one. O(1); never copied. */
  public ImmutableItems items() {
    return new ImmutableItems(ordered, pending);
  }

  /** The pending echo of a prompt not yet confirmed, or null. */
  public @Nullable ChatItem pending() {
    return pending;
  }

  /** The model's items as an unmodifiable list sharing the model's structure. */
  public static final class ImmutableItems extends AbstractList<ChatItem>
      implements ImmutableList<ChatItem>, RandomAccess {
    private final ItemVector confirmed;
    private final @Nullable ChatItem pending;

    ImmutableItems(ItemVector confirmed, @Nullable ChatItem pending) {
      this.confirmed = confirmed;
      this.pending = pending;
    }

    @Override public ChatItem get(int index) {
      if (index == confirmed.size() && pending != null) return pending;
      return confirmed.get(index);
    }

    @Override public int size() {
      return confirmed.size() + (pending == null ? 0 : 1);
    }
  }
}
