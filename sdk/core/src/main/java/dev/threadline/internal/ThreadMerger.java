package dev.threadline.internal;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.Workflow;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The merge rules, as pure functions from a model and input to a new model (no I/O, no clock, no locks).
 *
 * <ul>
 *   <li>Identity is {@link ChatItem#identityKey()}. A later copy with the same identity replaces the
 *       earlier one and keeps its arrival (so its place among equal timestamps); an equal copy changes
 *       nothing and counts as a duplicate absorbed.
 *   <li>Snapshot items and live events are treated alike ({@link #merge}); only a full re-read of the
 *       thread ({@link #resync}) removes items, because only it is authoritative.
 *   <li>A pending echo of a sent prompt stays at the end until a server user message of its round
 *       arrives (or, when the round is unknown, one with the same text).
 * </ul>
 */
public final class ThreadMerger {
  private ThreadMerger() {}

  /** What a merge produced: the new model and the changes a store must apply to match it. */
  public static final class Result {
    /** The merged model. */
    public final ThreadModel model;
    /** Items inserted or replaced, in merge order. */
    public final List<ChatItem> upserts;
    /** Identity keys of items removed. */
    public final List<String> removedKeys;
    /** Copies that were equal to what the model held already. */
    public final int duplicates;

    Result(ThreadModel model, List<ChatItem> upserts, List<String> removedKeys, int duplicates) {
      this.model = model;
      this.upserts = upserts;
      this.removedKeys = removedKeys;
      this.duplicates = duplicates;
    }

    /** Whether the items changed (the workflow may have changed either way). */
    public boolean itemsChanged() {
      return !upserts.isEmpty() || !removedKeys.isEmpty();
    }
  }

  /** Merges stream events or a stream's opening snapshot: adds and replaces, never removes. */
  public static Result merge(ThreadModel model, List<ChatItem> items) {
    Draft draft = new Draft(model);
    for (ChatItem item : items) draft.merge(item);
    if (draft.upserts.isEmpty()) {
      return new Result(model, Collections.emptyList(), Collections.emptyList(), draft.duplicates);
    }
    return new Result(draft.model(model.workflow), draft.upserts, Collections.emptyList(), draft.duplicates);
  }

  /**
   * Merges a full re-read of the thread, which is authoritative: afterwards the model holds exactly the
   * server's items (plus a pending echo the server has not confirmed yet) and the server's workflow.
   * Items the client saw before keep their arrival, so equal timestamps keep their order.
   *
   * <p>The re-read is merged like a stream's items, so an unchanged item costs a lookup and a changed one
   * a replacement; only when the re-read lacks items the model held is the model rebuilt without them, in
   * one pass that keeps the order.
   */
  public static Result resync(ThreadModel model, ChatThread thread) {
    int held = model.identities.count();
    if (held == 0) {
      Result loaded = load(model, thread);
      if (loaded != null) return loaded;
    }
    Draft draft = new Draft(model);
    HeldOrder heldOrder = new HeldOrder(model);
    BitSet kept = new BitSet(held);
    for (ChatItem item : thread.items()) {
      int arrival = heldOrder.arrivalOf(item);
      arrival = arrival >= 0 ? draft.merge(item, arrival) : heldOrder.found(draft.merge(item));
      if (arrival < held) kept.set(arrival);
    }
    if (kept.cardinality() == held) {
      if (draft.upserts.isEmpty()) {
        return new Result(model.withWorkflow(thread.workflow()), Collections.emptyList(), Collections.emptyList(),
            draft.duplicates);
      }
      return new Result(draft.model(thread.workflow()), draft.upserts, Collections.emptyList(), draft.duplicates);
    }
    List<String> removedKeys = new ArrayList<>();
    for (int arrival = kept.nextClearBit(0); arrival < held; arrival = kept.nextClearBit(arrival + 1)) {
      removedKeys.add(draft.byArrival.get(arrival).identityKey());
    }
    return new Result(draft.without(kept, held, thread.workflow()), draft.upserts, removedKeys, draft.duplicates);
  }

  /**
   * The common first read of a thread, from the cache or the server, into a model without items, in bulk:
   * when the items are in order and distinct, they are the order and the arrivals alike. Null otherwise.
   */
  private static @Nullable Result load(ThreadModel model, ChatThread thread) {
    List<ChatItem> items = thread.items();
    @Nullable ChatItem pending = model.pending;
    @Nullable Integer pendingRound = model.pendingRound;
    for (int i = 0; i < items.size(); i++) {
      ChatItem item = items.get(i);
      if (item.isPending()) throw new IllegalArgumentException("pending items are added with withPending");
      if (i > 0 && ItemOrder.compare(items.get(i - 1), item) > 0) return null;
      if (pending != null && confirmsPending(item, pending, pendingRound)) {
        pending = null;
        pendingRound = null;
      }
    }
    ItemVector vector = ItemVector.of(items);
    IdentityIndex identities = IdentityIndex.of(vector);
    if (identities == null) return null;
    if (items.isEmpty()) {
      return new Result(model.withWorkflow(thread.workflow()), Collections.emptyList(), Collections.emptyList(), 0);
    }
    ThreadModel loaded = new ThreadModel(thread.workflow(), vector, vector, identities, pending, pendingRound);
    return new Result(loaded, items, Collections.emptyList(), 0);
  }

  /**
   * Finds a re-read's items in the model without hashing while the re-read follows the model's order, as
   * it does unless items were added or removed: a cursor walks the held order and checks that its item has
   * the next re-read item's identity. A hash lookup costs a random access into a table that outgrows the
   * processor's caches on a long thread; the cursor reads the items in the order they sit in the model.
   *
   * <p>The cursor only knows an arrival where the model's order and its arrivals agree at that position (the
   * same instance at one index of both), as they do for a thread loaded in order or streamed in order. It is
   * a hint: a miss falls back to the hash lookup, which puts the cursor after the item it finds.
   */
  private static final class HeldOrder {
    private final ItemVector ordered;
    private final ItemVector byArrival;
    private int next;

    HeldOrder(ThreadModel model) {
      ordered = model.ordered;
      byArrival = model.byArrival;
    }

    /** The arrival of {@code item}'s identity if it is the item at the cursor, which then moves on; else -1. */
    int arrivalOf(ChatItem item) {
      if (next >= ordered.size()) return -1;
      ChatItem held = ordered.get(next);
      // A model loaded in order holds one vector as both (no second lookup needed).
      if (ordered != byArrival && held != byArrival.get(next)) return -1;
      if (!IdentityIndex.sameIdentity(held, item)) return -1;
      return next++;
    }

    /** Notes that the hash lookup found {@code arrival}; returns it. */
    int found(int arrival) {
      if (arrival < ordered.size() && ordered.get(arrival) == byArrival.get(arrival)) next = arrival + 1;
      return arrival;
    }
  }

  /** A merge in progress: the model's parts as they change, and what changed. */
  private static final class Draft {
    ItemVector ordered;
    ItemVector byArrival;
    IdentityIndex identities;
    @Nullable ChatItem pending;
    @Nullable Integer pendingRound;
    final List<ChatItem> upserts = new ArrayList<>();
    int duplicates;

    Draft(ThreadModel model) {
      ordered = model.ordered;
      byArrival = model.byArrival;
      identities = model.identities;
      pending = model.pending;
      pendingRound = model.pendingRound;
    }

    ThreadModel model(@Nullable Workflow workflow) {
      return new ThreadModel(workflow, ordered, byArrival, identities, pending, pendingRound);
    }

    /** Merges {@code item}; returns its identity's arrival. */
    int merge(ChatItem item) {
      return merge(item, identities.find(item, byArrival));
    }

    /** Merges {@code item}, whose identity has {@code arrival} (-1: none yet); returns its identity's arrival. */
    int merge(ChatItem item, int arrival) {
      if (item.isPending()) throw new IllegalArgumentException("pending items are added with withPending");
      if (arrival < 0) {
        arrival = identities.count();
        identities = identities.add(item);
        byArrival = byArrival.append(item);
        ordered = insertNew(item);
      } else {
        ChatItem current = byArrival.get(arrival);
        if (current.equals(item)) {
          duplicates++;
          return arrival;
        }
        byArrival = byArrival.set(arrival, item);
        ordered = replace(current, item, arrival);
      }
      upserts.add(item);
      if (pending != null && confirmsPending(item, pending, pendingRound)) {
        pending = null;
        pendingRound = null;
      }
      return arrival;
    }

    /** A new identity arrives last among equals, so its place is after every item not after it. */
    private ItemVector insertNew(ChatItem item) {
      int size = ordered.size();
      // Items nearly always arrive in order: appending is the common case and needs no search.
      if (size == 0 || ItemOrder.compare(ordered.last(), item) <= 0) return ordered.append(item);
      int low = 0;
      int high = size;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (ItemOrder.compare(ordered.get(mid), item) <= 0) low = mid + 1; else high = mid;
      }
      return ordered.insert(low, item);
    }

    private ItemVector replace(ChatItem old, ChatItem item, int arrival) {
      int at = lowerBound(old, arrival);
      boolean afterPrevious = at == 0 || compare(ordered.get(at - 1), item, arrival) < 0;
      boolean beforeNext = at == ordered.size() - 1 || compare(ordered.get(at + 1), item, arrival) > 0;
      if (afterPrevious && beforeNext) return ordered.set(at, item);
      ordered = ordered.remove(at);
      return ordered.insert(lowerBound(item, arrival), item);
    }

    /**
     * The index of the first item not before {@code item} of {@code arrival}. Searched from the end, where a
     * stream's replacements fall (a log re-sent with more progress belongs to the current round): the range
     * grows 1, 2, 4… items back from the end, so the cost is the log of the distance from the end, not of
     * the thread's length.
     */
    private int lowerBound(ChatItem item, int arrival) {
      int low = 0;
      int high = ordered.size();
      for (int step = 1; step < high - low; step *= 2) {
        int probe = high - step;
        if (compare(ordered.get(probe), item, arrival) < 0) {
          low = probe + 1;
          break;
        }
        high = probe;
      }
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (compare(ordered.get(mid), item, arrival) < 0) low = mid + 1; else high = mid;
      }
      return low;
    }

    /** The model's order: {@link ItemOrder}, then arrival (looked up only for a tie). */
    private int compare(ChatItem held, ChatItem item, int arrival) {
      int byOrder = ItemOrder.compare(held, item);
      return byOrder != 0 ? byOrder : Integer.compare(identities.find(held, byArrival), arrival);
    }

    /**
     * The model without the identities below {@code held} that are not {@code kept}, in one pass: the
     * order stays, and the arrivals left are renumbered 0, 1, 2… in their order.
     */
    ThreadModel without(BitSet kept, int held, Workflow workflow) {
      int count = identities.count();
      int[] renumbered = new int[count];
      ItemVector keptByArrival = ItemVector.EMPTY;
      IdentityIndex keptIdentities = IdentityIndex.EMPTY;
      for (int arrival = 0; arrival < count; arrival++) {
        if (arrival < held && !kept.get(arrival)) {
          renumbered[arrival] = -1;
          continue;
        }
        ChatItem item = byArrival.get(arrival);
        renumbered[arrival] = keptIdentities.count();
        keptIdentities = keptIdentities.add(item);
        keptByArrival = keptByArrival.append(item);
      }
      ItemVector keptOrdered = ItemVector.EMPTY;
      for (int i = 0; i < ordered.size(); i++) {
        ChatItem item = ordered.get(i);
        if (renumbered[identities.find(item, byArrival)] >= 0) keptOrdered = keptOrdered.append(item);
      }
      return new ThreadModel(workflow, keptOrdered, keptByArrival, keptIdentities, pending, pendingRound);
    }
  }

  /**
   * Adds the pending echo of a prompt just sent, replacing any earlier one. {@code round} is the round the
   * server will give the prompt, or null when unknown.
   */
  public static ThreadModel withPending(ThreadModel model, ChatItem echo, @Nullable Integer round) {
    return new ThreadModel(model.workflow, model.ordered, model.byArrival, model.identities, echo.asPending(), round);
  }

  /** Removes the pending echo, e.g. when the send was refused. */
  public static ThreadModel withoutPending(ThreadModel model) {
    if (model.pending == null) return model;
    return new ThreadModel(model.workflow, model.ordered, model.byArrival, model.identities, null, null);
  }

  private static boolean confirmsPending(ChatItem item, ChatItem pending, @Nullable Integer pendingRound) {
    if (!item.isUserMessage()) return false;
    if (pendingRound != null && item.roundNumber() != null) return pendingRound.equals(item.roundNumber());
    String text = item.message();
    return text != null && text.equals(pending.message());
  }
}
