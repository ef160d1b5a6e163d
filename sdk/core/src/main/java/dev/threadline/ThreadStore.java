package dev.threadline;

import dev.threadline.internal.ItemOrder;
import dev.threadline.internal.WorkflowOrder;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The local cache's service provider interface: one account's threads, kept across restarts.
 *
 * <p>The client reads it when an observer starts (so threads show before the network answers) and writes
 * to it from one background writer, in batches. The offline queue ({@link #queuePrompt},
 * {@link #removeQueuedPrompt}) is written apart from the batches, one durable transaction per call, from
 * the client's engine thread. Implementations: {@link InMemoryThreadStore} (the
 * default), SQLite for desktop JVMs ({@code threadline-store-sqlite}), Room for Android
 * ({@code threadline-store-room}). Every implementation passes the same contract test suite.
 *
 * <p>Rules every implementation keeps:
 * <ul>
 *   <li>A store holds one account; two accounts use two stores and never see each other's rows.
 *   <li>Items are unique by {@link ChatItem#identityKey()}: upserting a stored key replaces the item (and
 *       keeps its place in insertion order), so applying a batch twice changes nothing.
 *   <li>Items keep everything: type, the exact {@code createdAt} literal and the whole item JSON.
 *   <li>{@link #apply(List)} is atomic: after a crash either all of a batch is stored or none of it.
 *   <li>Methods may be called from several threads; reads see whole batches only.
 * </ul>
 * Failures are thrown as {@link StoreException}.
 *
 * <p><b>Size limit.</b> A store has a size limit ({@link #sizeLimitBytes()}, chosen when it is opened) and
 * reports its size ({@link #sizeBytes()}). The client keeps it within the limit: after a write leaves the
 * store over it, the client calls {@link #evict} with the threads it must keep (those being observed, those
 * with a round in flight). Eviction removes whole threads, the least recently opened first
 * ({@link #markOpened}); the server still has them, and observing one again reads it from there. A store
 * that keeps no account of its size (these methods' defaults) is never over its limit.
 */
public interface ThreadStore extends AutoCloseable {
  /** The order of {@link #loadThreads}: most recent {@code lastActivity} first, missing last, then by id. */
  Comparator<Workflow> THREAD_ORDER = WorkflowOrder.BY_RECENT_ACTIVITY;

  /**
   * The order of {@link #loadThread}'s items, before insertion order: {@code createdAt} numerically, then
   * {@code roundNumber} (missing first). Sort stably from insertion order to get the full order.
   */
  Comparator<ChatItem> ITEM_ORDER = ItemOrder.BY_TIME_AND_ROUND;

  /** The order of {@link #loadQueuedPrompts}: by {@link QueuedPrompt#position()}, then by id. */
  Comparator<QueuedPrompt> QUEUE_ORDER =
      Comparator.comparingLong(QueuedPrompt::position).thenComparing(QueuedPrompt::id);

  /**
   * Returns stored workflows in {@link #THREAD_ORDER}, skipping {@code offset} and returning at most
   * {@code limit}.
   *
   * @throws IllegalArgumentException if {@code offset} or {@code limit} is negative
   */
  List<Workflow> loadThreads(int offset, int limit);

  /**
   * Returns the stored thread, its items ordered by {@code createdAt} (numerically), then
   * {@code roundNumber} (missing first), then first insertion; or null if the workflow is not stored.
   */
  @Nullable ChatThread loadThread(String workflowId);

  /**
   * Applies all {@code changes} in one transaction, in order; within one change, its removals first, then
   * its upserts.
   */
  void apply(List<ThreadChange> changes);

  /** Removes the thread and all its items; does nothing if it is not stored. */
  void deleteThread(String workflowId);

  /** Removes every thread of this account (e.g. on sign-out), and its queued prompts. */
  void clear();

  /** The size limit that means none: {@link #evict} never removes a thread. */
  long UNLIMITED = Long.MAX_VALUE;

  /**
   * The default size limit of the persistent stores (SQLite, Room): 128 MiB of payload. SQLite's keys,
   * indexes and page slack make the file about 1.6 times its payload (measured by the eviction
   * benchmark), so a phone's full cache file is about 200 MB: under the 256 MB cap Sendbird's SDK chose
   * for the same purpose, a few hundred long conversations, and little next to a phone's storage.
   */
  long DEFAULT_SIZE_LIMIT_BYTES = 128L * 1024 * 1024;

  /**
   * The bytes the stored threads take, as counted for the size limit: the UTF-8 length of every stored
   * workflow's {@link Workflow#json()} and every stored item's {@link ChatItem#itemJson()}. The same in
   * every store (it is the payload, not a file's size, which depends on pages and indexes). By default, 0.
   */
  default long sizeBytes() {
    return 0;
  }

  /** The size {@link #evict} brings the store back to; {@link #UNLIMITED} for none. By default, unlimited. */
  default long sizeLimitBytes() {
    return UNLIMITED;
  }

  /**
   * Records that thread {@code workflowId} was opened (an app began or ended observing it) now, later than
   * every thread opened before: eviction removes the least recently opened first. Threads never opened
   * count as opened before all others. Does nothing if the thread is not stored. By default, nothing.
   */
  default void markOpened(String workflowId) {}

  /**
   * If the store is over its {@link #sizeLimitBytes() limit}, deletes whole threads (as
   * {@link #deleteThread} does) in the order they were last {@link #markOpened opened}, the least recent
   * first (ties by id), skipping those in {@code keep}, until it is within the limit; the kept threads stay
   * even if they alone exceed it. Does nothing when within the limit. By default, nothing.
   *
   * @param keep ids of threads that must stay (observed, running, or with prompts waiting to be sent)
   * @return ids of the evicted threads, in the order they were removed
   */
  default List<String> evict(Set<String> keep) {
    return Collections.emptyList();
  }

  /**
   * Returns the queued prompts in ascending {@link QueuedPrompt#position()}: prompts written while the
   * network was gone, not sent yet. The queue is kept apart from the threads: deleting a thread leaves it.
   */
  List<QueuedPrompt> loadQueuedPrompts();

  /**
   * Stores {@code prompt} durably before returning (one transaction of its own, never batched), replacing a
   * queued prompt with the same id.
   */
  void queuePrompt(QueuedPrompt prompt);

  /**
   * Removes the queued prompt {@code id} durably before returning; returns whether it was queued. The client
   * sends a prompt only after this returned true for it, so a prompt is never sent twice.
   */
  boolean removeQueuedPrompt(String id);

  /** Releases the store's resources. Further calls throw {@link StoreException}; closing twice is harmless. */
  @Override void close();
}
