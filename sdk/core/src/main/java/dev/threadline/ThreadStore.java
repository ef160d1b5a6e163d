package dev.threadline;

import dev.threadline.internal.WorkflowOrder;
import java.util.Comparator;
import java.util.List;

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
 */
public interface ThreadStore extends AutoCloseable {
  /** The order of {@link #loadThreads}: most recent {@code lastActivity} first, missing last, then by id. */
  Comparator<Workflow> THREAD_ORDER = WorkflowOrder.BY_RECENT_ACTIVITY;

  /**
   * The order of {@link #loadThread}'s items, before insertion order: {@code createdAt} numerically, then
   * {@code roundNumber} (missing first). Sort stably from insertion order to get the full order.
   */
  Comparator<ChatItem> ITEM_ORDER = Comparator.comparing(ChatItem::createdAt)
      .thenComparing(ChatItem::roundNumber, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()));

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
  ChatThread loadThread(String workflowId);

  /**
   * Applies all {@code changes} in one transaction, in order; within one change, its removals first, then
   * its upserts.
   */
  void apply(List<ThreadChange> changes);

  /** Removes the thread and all its items; does nothing if it is not stored. */
  void deleteThread(String workflowId);

  /** Removes every thread of this account (e.g. on sign-out), and its queued prompts. */
  void clear();

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
