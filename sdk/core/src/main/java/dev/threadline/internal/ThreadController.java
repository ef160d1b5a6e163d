package dev.threadline.internal;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotException;
import dev.threadline.NotFoundException;
import dev.threadline.ReadPolicy;
import dev.threadline.RoundRef;
import dev.threadline.ThreadState;
import dev.threadline.Workflow;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One thread as the engine holds it: what it shows and caches ({@link ThreadView}) and its rounds
 * ({@link Round}, the state machine), and its place in the engine's registry (observed, named, released,
 * forgotten). Confined to the engine's thread.
 */
final class ThreadController {
  private final ThreadEngine engine;
  final ThreadView view;
  final RoundEvents events;
  private final Round round;

  ThreadController(ThreadEngine engine, @Nullable String workflowId) {
    this.engine = engine;
    this.events = new RoundEvents(engine.listener, engine.counters, this::workflowId);
    this.view = new ThreadView(engine, workflowId, events);
    this.round = new Round(engine, this, view);
  }

  @Nullable String workflowId() {
    return view.workflowId();
  }

  /** The thread and the send its round serves, as the listener's events name them. */
  RoundRef ref() {
    return events.ref();
  }

  /**
   * An observer of the thread: unless {@code policy} is network only, its cache is read; unless it is cache
   * only, the thread is refreshed (when no round is under way).
   */
  void observe(Delivery<ThreadState> delivery, ReadPolicy policy) {
    view.attach(delivery, policy == ReadPolicy.NETWORK_ONLY);
    if (policy != ReadPolicy.NETWORK_ONLY) readCache();
    if (policy != ReadPolicy.CACHE_ONLY) round.refreshIfIdle();
  }

  /** An observer of a send: it gets what is shown, and follows the thread from there. */
  void attach(Delivery<ThreadState> delivery) {
    view.attach(delivery, false);
  }

  /** Reads the thread's cache, once, to show before the server's answer. */
  void readCache() {
    view.requestCache(task -> engine.post(this, task));
  }

  void detach(Delivery<ThreadState> delivery) {
    view.detach(delivery);
    releaseIfUnused();
  }

  void publishError(ChatbotException error) {
    view.publishError(error);
  }

  /** A task of this thread threw: its round ends with {@code failure} (its sends fail with it). */
  void failRound(ChatbotException failure) {
    round.fail(failure);
  }

  /** Starts the round of {@code call}; {@code knownIds} are the threads known before a new thread's send. */
  void send(SendCallImpl call, @Nullable Integer roundNumber, Set<String> knownIds, long nowMillis) {
    round.start(call, roundNumber, knownIds, nowMillis);
  }

  /** Shows {@code call}'s prompt, of round {@code roundNumber}, as pending while it waits in the offline queue. */
  void queue(SendCallImpl call, @Nullable Integer roundNumber, long writtenAtMillis) {
    round.queue(call, roundNumber, writtenAtMillis);
  }

  /**
   * Shows {@code call}'s prompt, of round {@code roundNumber}, as pending and connecting while the offline
   * queue an earlier client left is read; it is sent (or queued) after that.
   */
  void hold(SendCallImpl call, @Nullable Integer roundNumber, long sentAtMillis) {
    round.hold(call, roundNumber, sentAtMillis);
  }

  /** Posts {@code call}, which the offline queue took out of the store; {@code knownIds} as for a send. */
  void postQueued(SendCallImpl call, Set<String> knownIds) {
    round.postQueued(call, knownIds);
  }

  /** Queued {@code call} was cancelled before it left: its echo goes. */
  void unqueue(SendCallImpl call) {
    round.unqueue(call);
  }

  /** The server returned a newer {@code workflow} (e.g. from stop). */
  void workflowUpdated(Workflow workflow) {
    view.updateWorkflow(workflow);
    // Finished (e.g. stopped) while waiting to re-read: the re-read is taken now, which ends the round.
    if (workflow.status().isFinished()) round.retryNow();
  }

  /** The thread is gone on the server: shown empty, its sends fail with {@code gone}. */
  void forgotten(NotFoundException gone) {
    round.cancel();
    view.clear();
    round.failSends(gone);
  }

  /**
   * The app read the thread over REST: shown and cached. Authoritative (a resync) unless a round is under
   * way, whose stream may already hold more than the read: then merged.
   */
  void serverRead(ChatThread thread) {
    if (round.inUse()) {
      view.mergeWhileStreaming(thread);
    } else {
      view.resync(thread);
      view.publish();
    }
  }

  /** Network gone: a waiting recovery pauses and the thread shows OFFLINE. */
  void goOffline() {
    round.goOffline();
  }

  /** Network back: the backoff starts afresh and a waiting recovery retries now. */
  void networkBack() {
    round.networkBack();
  }

  /** Ends the thread's stream, requests and timers. */
  void cancelNetwork() {
    round.cancel();
  }

  /**
   * Forgets this thread's in-memory state when nobody observes it and no send awaits it: its polling
   * stops (no battery spent on a thread nobody sees) and its items are dropped (the cache keeps them).
   * A stream or re-read in flight finishes first; this is asked again when it does.
   */
  void releaseIfUnused() {
    if (view.hasObservers() || round.inUse()) return;
    round.cancel();
    engine.release(this);
  }

  /**
   * This new thread's id is {@code id}: it takes over the observers of any other controller of it. Returns
   * the items it holds, to be written to the cache with it (see {@link ThreadView#adopt}).
   */
  List<ChatItem> adopt(String id) {
    ThreadController replaced = engine.named(this, id);
    if (replaced != null) {
      view.takeObservers(replaced.view);
      replaced.cancelNetwork();
    }
    return view.adopt(id);
  }
}
