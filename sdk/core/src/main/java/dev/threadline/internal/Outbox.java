package dev.threadline.internal;

import dev.threadline.QueuedPrompt;
import dev.threadline.SendCall;
import dev.threadline.StoreException;
import dev.threadline.ThreadStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * The offline queue: prompts written while the network was gone, or whose POST could not connect, in the
 * order written across all threads, kept in the store so that they survive the process.
 *
 * <p>At most once: a prompt is stored before its send is shown as queued, and taken out of the store
 * (durably) before its POST leaves; it goes back only when that POST provably did not reach the server (the
 * connection could not be made). A crash between the two loses the prompt rather than sending it twice.
 * In order: one prompt is posted at a time, the next when the previous POST was answered or failed, so the
 * server receives them as they were written. The store's queue is read once, when the client starts, on the
 * store's writer thread (the engine does not wait for the cache to open); until then every send and every
 * question about the queue waits, in order, so that what an earlier client left goes first and nothing is
 * read back twice. After that the queue is written on the engine thread, each operation its own transaction
 * (a few per prompt sent offline, never on the streaming path).
 *
 * <p>Confined to the engine thread.
 */
final class Outbox {
  private final ThreadEngine engine;
  /** The queued prompts not yet posted, by position. */
  private final List<Entry> queue = new ArrayList<>();
  /** The prompt whose POST is in flight, out of the store; null when none is. */
  private @Nullable Entry posting;
  private long lastPosition;
  /** A POST could not connect: the next waits for a retry or the network, not for the previous answer. */
  private boolean paused;
  /** What waits for the store's queue to be read, in order; null once it was. */
  private @Nullable List<Runnable> waitingForRestore = new ArrayList<>();

  Outbox(ThreadEngine engine) {
    this.engine = engine;
  }

  /**
   * Reads what an earlier client left queued in the store, on the store's writer thread (any thread may call
   * this, once); it is taken up on the engine thread when read.
   */
  void restore() {
    engine.store.loadQueuedPrompts(stored -> engine.post(() -> restored(stored)), error -> engine.post(() -> {
      engine.reportStoreError(error);
      restored(new ArrayList<>());
    }));
  }

  /** Whether the store's queue is still being read. */
  boolean isRestoring() {
    return waitingForRestore != null;
  }

  /** Runs {@code action} once the store's queue was read and taken up: now if it was, else then, in order. */
  void afterRestore(Runnable action) {
    if (waitingForRestore == null) {
      action.run();
    } else {
      waitingForRestore.add(action);
    }
  }

  /** The client is closing: what waits for the queue runs now (and finds the client closed). */
  void close() {
    restored(new ArrayList<>());
  }

  /**
   * Takes up {@code stored}, shown as queued sends, and posts the first; then what waited for them runs (a
   * send made meanwhile is posted after them, as if they had been read before it).
   */
  private void restored(List<QueuedPrompt> stored) {
    List<Runnable> waiting = waitingForRestore;
    if (waiting == null) return;
    for (QueuedPrompt prompt : stored) {
      SendCallImpl call = engine.restoredSend(prompt);
      if (call == null) continue;
      queue.add(new Entry(prompt, call));
      lastPosition = Math.max(lastPosition, prompt.position());
    }
    waitingForRestore = null;
    flush();
    for (Runnable action : waiting) action.run();
  }

  /**
   * Queues {@code call}, written while the network is gone: stored first; returns false, having failed the
   * call, when the store refused it.
   */
  boolean add(SendCallImpl call) {
    Entry entry = new Entry(newPrompt(call), call);
    try {
      engine.store.queuePrompt(entry.prompt);
    } catch (StoreException e) {
      call.fail(e);
      return false;
    }
    queue.add(entry);
    return true;
  }

  /**
   * The POST of {@code call} could not connect, so the server never got it: queued again in its place (a
   * send that was never queued joins at the end), until {@link #retry()} or the network's return.
   */
  void requeue(SendCallImpl call) {
    Entry entry = posting != null && posting.call == call ? posting : new Entry(newPrompt(call), call);
    if (entry == posting) posting = null;
    paused = true;
    int at = 0;
    while (at < queue.size() && ThreadStore.QUEUE_ORDER.compare(queue.get(at).prompt, entry.prompt) < 0) at++;
    queue.add(at, entry);
    try {
      engine.store.queuePrompt(entry.prompt);
    } catch (StoreException e) {
      // Still queued in memory; only a restart before it is sent would lose it.
      call.controller().publishError(e);
    }
  }

  /** The POST of {@code call} (null: none) was answered or failed for good: the next prompt may go. */
  void posted(@Nullable SendCallImpl call) {
    if (posting == null || posting.call != call) return;
    posting = null;
    // Posted as a task of its own: the round that reported this is still in the middle of its event.
    engine.post(this::flush);
  }

  /** A retry is due, or the network is back: the queue is posted again from its first prompt. */
  void retry() {
    paused = false;
    flush();
  }

  /**
   * Recovery gave up on {@code call} (null: none), which is then failed: if it waits in the queue it is
   * taken out of it (and of the store), and the queue goes on with the next.
   */
  void discard(@Nullable SendCallImpl call) {
    if (call == null) return;
    Entry entry = find(call);
    if (entry == null) return;
    queue.remove(entry);
    paused = false;
    try {
      engine.store.removeQueuedPrompt(entry.prompt.id());
    } catch (StoreException e) {
      // Left in the store, it would be sent by the next client on this cache although the app was told it failed.
      call.controller().publishError(e);
    }
    engine.post(this::flush);
  }

  /**
   * Cancels queued {@code call}: out of the store, then out of the queue and its thread; it fails with a
   * {@link CancellationException}. False when it is not queued (it left, is leaving, or never was).
   *
   * @throws StoreException if the store could not remove it (it stays queued)
   */
  boolean cancel(SendCallImpl call) {
    Entry entry = find(call);
    if (entry == null) return false;
    engine.store.removeQueuedPrompt(entry.prompt.id());
    queue.remove(entry);
    call.controller().unqueue(call);
    call.fail(new CancellationException("the queued prompt was cancelled before it was sent"));
    return true;
  }

  /** The sends not known to have reached the server: the one being posted, if any, then the queue in order. */
  List<SendCall> sends() {
    List<SendCall> sends = new ArrayList<>();
    if (posting != null) sends.add(posting.call);
    for (Entry entry : queue) sends.add(entry.call);
    return sends;
  }

  /** The threads with prompts waiting (or being posted): never to be evicted from the cache. */
  Set<String> threadIds() {
    Set<String> ids = new HashSet<>();
    for (Entry entry : queue) if (entry.prompt.input().workflowId() != null) ids.add(entry.prompt.input().workflowId());
    if (posting != null && posting.prompt.input().workflowId() != null) ids.add(posting.prompt.input().workflowId());
    return ids;
  }

  /** Posts the first queued prompt, taken out of the store first, unless one is in flight or must wait. */
  private void flush() {
    if (engine.offline || engine.closed || paused || isRestoring() || posting != null || queue.isEmpty()) return;
    Entry head = queue.get(0);
    boolean removed;
    try {
      removed = engine.store.removeQueuedPrompt(head.prompt.id());
    } catch (StoreException e) {
      // Not known to be out of the store: posting it could send it twice. It waits for the next retry.
      paused = true;
      head.call.controller().publishError(e);
      return;
    }
    queue.remove(0);
    if (!removed) {
      // Taken out of the store by something else (the cache was cleared): it is not to be sent.
      head.call.controller().unqueue(head.call);
      head.call.fail(new CancellationException("the queued prompt was removed from the cache"));
      flush();
      return;
    }
    posting = head;
    head.call.whenEnded(() -> posted(head.call));
    engine.postQueued(head.call);
  }

  /** Whether {@code call} waits in the queue, and so in the store's. */
  boolean isQueued(SendCallImpl call) {
    return find(call) != null;
  }

  private @Nullable Entry find(SendCallImpl call) {
    for (Entry entry : queue) if (entry.call == call) return entry;
    return null;
  }

  private QueuedPrompt newPrompt(SendCallImpl call) {
    long now = engine.clock.nowMillis();
    // Positions grow across restarts with the clock, and within one client even when the clock stands still.
    lastPosition = Math.max(lastPosition + 1, now);
    return QueuedPrompt.of(UUID.randomUUID().toString(), lastPosition, call.input, now);
  }

  private static final class Entry {
    final QueuedPrompt prompt;
    final SendCallImpl call;

    Entry(QueuedPrompt prompt, SendCallImpl call) {
      this.prompt = prompt;
      this.call = call;
    }
  }
}
