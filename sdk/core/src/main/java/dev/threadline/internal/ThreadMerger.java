package dev.threadline.internal;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.internal.ThreadModel.Entry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

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
    PVector<Entry> entries = model.entries;
    PMap<String, Entry> byKey = model.byKey;
    long nextArrival = model.nextArrival;
    ChatItem pending = model.pending;
    Integer pendingRound = model.pendingRound;
    List<ChatItem> upserts = new ArrayList<>();
    int duplicates = 0;

    for (ChatItem item : items) {
      if (item.isPending()) throw new IllegalArgumentException("pending items are added with withPending");
      String key = item.identityKey();
      Entry existing = byKey.get(key);
      Entry entry;
      if (existing == null) {
        entry = new Entry(item, nextArrival++);
        entries = insert(entries, entry);
      } else if (existing.item.equals(item)) {
        duplicates++;
        continue;
      } else {
        entry = new Entry(item, existing.arrival);
        entries = replace(entries, existing, entry);
      }
      byKey = byKey.plus(key, entry);
      upserts.add(item);
      if (pending != null && confirmsPending(item, pending, pendingRound)) {
        pending = null;
        pendingRound = null;
      }
    }
    if (upserts.isEmpty()) return new Result(model, Collections.emptyList(), Collections.emptyList(), duplicates);
    ThreadModel merged = new ThreadModel(model.workflow, entries, byKey, nextArrival, pending, pendingRound);
    return new Result(merged, upserts, Collections.emptyList(), duplicates);
  }

  /**
   * Merges a full re-read of the thread, which is authoritative: afterwards the model holds exactly the
   * server's items (plus a pending echo the server has not confirmed yet) and the server's workflow.
   * Items the client saw before keep their arrival, so equal timestamps keep their order.
   */
  public static Result resync(ThreadModel model, ChatThread thread) {
    Map<String, Entry> serverByKey = new HashMap<>(thread.items().size() * 2);
    List<ChatItem> upserts = new ArrayList<>();
    long nextArrival = model.nextArrival;
    int duplicates = 0;
    ChatItem pending = model.pending;
    Integer pendingRound = model.pendingRound;

    for (ChatItem item : thread.items()) {
      String key = item.identityKey();
      Entry seen = serverByKey.get(key);
      if (seen == null) seen = model.byKey.get(key);
      long arrival = seen != null ? seen.arrival : nextArrival++;
      if (seen != null && seen.item.equals(item)) {
        duplicates++;
        serverByKey.put(key, seen);
        continue;
      }
      serverByKey.put(key, new Entry(item, arrival));
      upserts.add(item);
      if (pending != null && confirmsPending(item, pending, pendingRound)) {
        pending = null;
        pendingRound = null;
      }
    }

    List<String> removedKeys = new ArrayList<>();
    for (String key : model.byKey.keySet()) {
      if (!serverByKey.containsKey(key)) removedKeys.add(key);
    }
    if (upserts.isEmpty() && removedKeys.isEmpty()) {
      return new Result(model.withWorkflow(thread.workflow()), Collections.emptyList(), Collections.emptyList(),
          duplicates);
    }
    List<Entry> ordered = new ArrayList<>(serverByKey.values());
    ordered.sort(ThreadModel.ORDER);
    ThreadModel resynced = new ThreadModel(thread.workflow(), TreePVector.from(ordered),
        HashTreePMap.from(serverByKey), nextArrival, pending, pendingRound);
    return new Result(resynced, upserts, removedKeys, duplicates);
  }

  /**
   * Adds the pending echo of a prompt just sent, replacing any earlier one. {@code round} is the round the
   * server will give the prompt, or null when unknown.
   */
  public static ThreadModel withPending(ThreadModel model, ChatItem echo, @Nullable Integer round) {
    return new ThreadModel(model.workflow, model.entries, model.byKey, model.nextArrival, echo.asPending(), round);
  }

  /** Removes the pending echo, e.g. when the send was refused. */
  public static ThreadModel withoutPending(ThreadModel model) {
    if (model.pending == null) return model;
    return new ThreadModel(model.workflow, model.entries, model.byKey, model.nextArrival, null, null);
  }

  private static boolean confirmsPending(ChatItem item, ChatItem pending, @Nullable Integer pendingRound) {
    if (!item.isUserMessage()) return false;
    if (pendingRound != null && item.roundNumber() != null) return pendingRound.equals(item.roundNumber());
    String text = item.message();
    return text != null && text.equals(pending.message());
  }

  private static PVector<Entry> insert(PVector<Entry> entries, Entry entry) {
    int size = entries.size();
    // Items nearly always arrive in order: appending is the common case and needs no search.
    if (size == 0 || ThreadModel.ORDER.compare(entries.get(size - 1), entry) < 0) return entries.plus(entry);
    return entries.plus(lowerBound(entries, entry), entry);
  }

  private static PVector<Entry> replace(PVector<Entry> entries, Entry old, Entry entry) {
    int at = lowerBound(entries, old);
    boolean afterPrevious = at == 0 || ThreadModel.ORDER.compare(entries.get(at - 1), entry) < 0;
    boolean beforeNext = at == entries.size() - 1 || ThreadModel.ORDER.compare(entry, entries.get(at + 1)) < 0;
    if (afterPrevious && beforeNext) return entries.with(at, entry);
    return insert(entries.minus(at), entry);
  }

  /** The index of the first entry not less than {@code entry}. */
  private static int lowerBound(PVector<Entry> entries, Entry entry) {
    int low = 0;
    int high = entries.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (ThreadModel.ORDER.compare(entries.get(mid), entry) < 0) low = mid + 1; else high = mid;
    }
    return low;
  }
}
