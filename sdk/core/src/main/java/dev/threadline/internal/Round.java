package dev.threadline.internal;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotException;
import dev.threadline.ConnectionState;
import dev.threadline.GaveUpException;
import dev.threadline.Workflow;
import dev.threadline.WorkflowStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The state machine of one thread's rounds: it posts a prompt, streams the answer, and recovers (re-read,
 * poll, resume, retry) until the round ends. Its {@link RoundState}s change only here, one method per event
 * (a stream opening, an item, a close or failure, a re-read's answer, a timer, the network coming or going);
 * what to do after a failure is {@link RecoveryPolicy}'s decision, how long to wait the {@link Backoff}'s.
 * What the thread shows and caches is its {@link ThreadView}. Confined to the engine thread.
 */
final class Round {
  private final ThreadEngine engine;
  private final ThreadController owner;
  private final ThreadView view;
  private final RoundSends sends;
  private final Backoff failures;
  private final RoundStream stream;
  /** The step a {@link RoundState#WAITING} or {@link RoundState#PAUSED_OFFLINE} round takes next. */
  private final PendingStep next;
  /**
   * Sends of this thread waiting in the offline queue, or for it to be read at start, not yet posted (they
   * await no round yet).
   */
  private final List<SendCallImpl> queued = new ArrayList<>();
  private RoundState state = RoundState.IDLE;
  private int polls;

  Round(ThreadEngine engine, ThreadController owner, ThreadView view) {
    this.engine = engine;
    this.owner = owner;
    this.view = view;
    this.sends = new RoundSends(owner.events);
    this.failures = new Backoff(engine.backoff);
    this.stream = new RoundStream(engine, owner, this);
    this.next = new PendingStep(engine, owner);
  }

  /** Whether the round is needed whether observed or not: a send awaits its end, or a request is in flight. */
  boolean inUse() {
    return !sends.isEmpty() || state.inFlight() || !queued.isEmpty();
  }

  private @Nullable SendCallImpl lastSend() {
    return sends.isEmpty() ? null : sends.last();
  }

  private void enter(RoundState next, ConnectionState shown) {
    state = next;
    view.show(shown);
  }

  // ---- the app's requests

  /** Starts the round of {@code call}; {@code knownIds} are the threads known before a new thread's send. */
  void start(SendCallImpl call, @Nullable Integer round, Set<String> knownIds, long nowMillis) {
    // The new prompt's stream supersedes the stream or re-read under way, which end as cancelled.
    owner.events.cancelled();
    // A send held while the offline queue was read already shows its echo.
    boolean held = queued.remove(call);
    sends.add(call, knownIds);
    if (!held) view.echo(call.input.prompt(), nowMillis, round);
    failures.reset();
    polls = 0;
    postPrompt(call);
  }

  /**
   * Shows {@code call}'s prompt as pending while it waits in the offline queue; nothing is posted. A round
   * under way on the thread goes on.
   */
  void queue(SendCallImpl call, @Nullable Integer round, long writtenAtMillis) {
    await(call, round, writtenAtMillis, ConnectionState.OFFLINE);
  }

  /**
   * Shows {@code call}'s prompt as pending and connecting (offline, if the network is known to be gone) while
   * the offline queue an earlier client left is read; nothing is posted yet. A round under way on the thread
   * goes on.
   */
  void hold(SendCallImpl call, @Nullable Integer round, long sentAtMillis) {
    // What the thread reports from now on is of this send, as once it is sent.
    owner.events.serving(call.id());
    await(call, round, sentAtMillis, engine.offline ? ConnectionState.OFFLINE : ConnectionState.CONNECTING);
  }

  /**
   * Shows waiting {@code call}'s prompt as pending (unless it already is: it was held), and the thread as
   * {@code shown} unless a round is under way.
   */
  private void await(SendCallImpl call, @Nullable Integer round, long atMillis, ConnectionState shown) {
    if (!queued.remove(call)) view.echo(call.input.prompt(), atMillis, round);
    queued.add(call);
    if (state.inFlight() || state.pending()) {
      view.publish();
    } else {
      enter(RoundState.QUEUED, shown);
    }
  }

  /**
   * Posts {@code call}, which the offline queue took out of the store (after it was queued, or after its
   * last POST could not connect: then the backoff goes on counting).
   */
  void postQueued(SendCallImpl call, Set<String> knownIds) {
    queued.remove(call);
    owner.events.cancelled();
    if (!sends.contains(call)) sends.add(call, knownIds);
    postPrompt(call);
  }

  /** Queued {@code call} was cancelled before it left: its echo goes, and a round kept only for it ends. */
  void unqueue(SendCallImpl call) {
    boolean awaited = queued.remove(call) | sends.remove(call);
    if (!awaited || !queued.isEmpty() || !sends.isEmpty() || state.inFlight()) return;
    next.cancel();
    view.unsend();
    enter(RoundState.IDLE, engine.offline ? ConnectionState.OFFLINE : ConnectionState.IDLE);
    owner.releaseIfUnused();
  }

  /** Re-reads the thread for a new observer, unless the round is under way or only holds queued prompts. */
  void refreshIfIdle() {
    if (!state.inFlight() && !state.pending() && state != RoundState.QUEUED) resyncOrFind(null);
  }

  /** The thread is gone on the server: its sends fail with {@code gone}. */
  void failSends(ChatbotException gone) {
    sends.fail(gone);
  }

  /** Network gone: a waiting step pauses (no timer, no budget spent) and the thread shows OFFLINE. */
  void goOffline() {
    if (state != RoundState.WAITING) return;
    next.pause();
    enter(RoundState.PAUSED_OFFLINE, ConnectionState.OFFLINE);
  }

  /** Takes a waiting or paused step now (network back, or the workflow was stopped meanwhile). */
  void retryNow() {
    if (state.pending()) next.takeNow();
  }

  /** Network back: a validated network is a fresh start (failures so far no longer count), retried now. */
  void networkBack() {
    failures.reset();
    retryNow();
  }

  /** Ends the round's stream, requests and timers, without an outcome. */
  void cancel() {
    owner.events.cancelled();
    stream.end();
    next.cancel();
    state = RoundState.IDLE;
  }

  // ---- posting and streaming

  private void postPrompt(SendCallImpl call) {
    openStream();
    stream.post(call.input);
  }

  private void resume() {
    openStream();
    // Only called where stream.canResume(...) said yes, which it says only for a thread whose id is known.
    stream.resume(Objects.requireNonNull(view.workflowId(), "workflowId"));
  }

  private void openStream() {
    next.cancel();
    enter(RoundState.POSTING, ConnectionState.CONNECTING);
  }

  boolean isCurrent(StreamSession session) {
    return stream.isCurrent(session);
  }

  void onStreamOpen(StreamSession session) {
    if (!stream.isCurrent(session)) return;
    stream.opened(engine.clock.nowMillis());
    if (stream.isResume()) view.streamResumed();
    owner.events.streamOpened();
    enter(RoundState.STREAMING, ConnectionState.STREAMING);
    if (!stream.isResume()) engine.outbox.posted(lastSend());
  }

  void onStreamRetryField(StreamSession session, long millis) {
    if (stream.isCurrent(session)) failures.retryField(millis);
  }

  void onStreamItem(StreamSession session, ChatItem item, @Nullable String eventId) {
    if (!stream.isCurrent(session)) return;
    long now = engine.clock.nowMillis();
    stream.itemArrived(eventId, now);
    failures.healthy(stream.openedAtMillis(), now);
    if (view.workflowId() == null && item.workflowId() != null) {
      // The item names the new thread: it is shown before the thread's first cache write is queued.
      List<ChatItem> adopted = owner.adopt(item.workflowId());
      sends.named(item.workflowId());
      view.mergeLive(item, adopted);
      return;
    }
    if (view.acceptsLive(item)) view.mergeLive(item);
  }

  /** The new thread was found listed as {@code id}: it is that thread now, and written to the cache. */
  private void adopt(String id) {
    List<ChatItem> adopted = owner.adopt(id);
    sends.named(id);
    view.persist(adopted, Collections.emptyList());
  }

  void onStreamClosed(StreamSession session, boolean endMarker) {
    if (!stream.isCurrent(session)) return;
    stream.end();
    owner.events.streamEnded(null);
    failures.healthy(stream.openedAtMillis(), engine.clock.nowMillis());
    // Closed without an end marker (e.g. the server's stream time limit) while the round may run on:
    // where the stream can be resumed, follow it there instead of polling.
    if (!endMarker && stream.canResume(view.workflowId()) && !sends.isEmpty()) {
      resume();
      return;
    }
    resyncOrFind(null);
  }

  void onStreamFailed(StreamSession session, Throwable error, boolean opened) {
    if (!stream.isCurrent(session)) return;
    stream.end();
    RecoveryPolicy.Failure failure = RecoveryPolicy.Failure.ofStream(error, opened);
    if (opened) view.streamLost();
    owner.events.streamEnded(failure.error);
    RecoveryPolicy.Request request = stream.isResume() ? RecoveryPolicy.Request.RESUME : RecoveryPolicy.Request.POST;
    // The POST is over unless it could not connect (then it is queued again): the queue's next may go.
    if (request == RecoveryPolicy.Request.POST && !(failure.refused && failure.error.statusCode() == 0)) {
      engine.outbox.posted(lastSend());
    }
    boolean idKnown = view.workflowId() != null;
    switch (RecoveryPolicy.after(request, failure, opened, idKnown, stream.canResume(view.workflowId()))) {
      case REREAD_INSTEAD_OF_RESUMING:
        stream.resumeUnsupported();
        resyncOrFind(null);
        return;
      case FORGET:
        // The thread to continue is gone on the server (deleted, perhaps elsewhere): the prompt was not taken.
        forget(failure.error);
        return;
      case POST_AGAIN_LATER:
        SendCallImpl call = sends.last();
        if (failure.error.statusCode() == 0) {
          // It could not connect, so it provably never left: it joins the offline queue (stored), and the
          // queue posts it again, in the order written, when the retry is due or the network is back.
          engine.outbox.requeue(call);
          retryLater(failure, engine.outbox::retry);
        } else {
          retryLater(failure, () -> postPrompt(call));
        }
        return;
      case FAIL_SEND:
        fail(failure.error);
        return;
      case RESUME_LATER:
        if (!stream.isResume()) view.publishError(failure.error);
        retryLater(failure, this::resume);
        return;
      default:
        view.publishError(failure.error);
        resyncOrFind(failure.error);
    }
  }

  /** The round ends with {@code failure} (refused for good, or a task of it threw): its sends fail with it. */
  void fail(ChatbotException failure) {
    cancel();
    view.unsend();
    enter(RoundState.FAILED, ConnectionState.failed(failure));
    view.publishError(failure);
    failSends(failure);
    owner.releaseIfUnused();
  }

  /** The thread does not exist on the server: its sends fail with {@code notFound}, and it is forgotten. */
  void forget(ChatbotException notFound) {
    failSends(notFound);
    view.publishError(notFound);
    // A thread the server never named is in no cache or list: there is nothing more to forget.
    String workflowId = view.workflowId();
    if (workflowId != null) engine.forget(workflowId);
  }

  /** A silent stream's check found the round ended without the stream hearing it: finish it as a close would. */
  void onSilentStreamFinished(ChatThread thread) {
    stream.end();
    owner.events.streamEnded(null);
    // The check's read is the round's closing re-read.
    state = RoundState.RESYNCING;
    owner.events.resyncStarted();
    onRefreshed(thread, null);
  }

  // ---- re-reading

  private void resyncOrFind(@Nullable ChatbotException cause) {
    next.cancel();
    if (view.workflowId() == null) {
      findCreatedThread(cause);
      return;
    }
    enter(RoundState.RESYNCING, ConnectionState.RESYNCING);
    owner.events.resyncStarted();
    engine.whenDone(owner, engine.readThread(view.workflowId()), this::onRefreshed);
  }

  private void onRefreshed(ChatThread thread, @Nullable Throwable error) {
    if (state != RoundState.RESYNCING || engine.closed) return;
    // Another thread's answer is not this one's truth: a protocol error, retried like an unreadable body.
    if (error == null) error = view.foreignRead(thread);
    if (error != null) {
      RecoveryPolicy.Failure failure = RecoveryPolicy.Failure.ofCall(error);
      owner.events.resyncFailed(failure.error);
      switch (RecoveryPolicy.after(RecoveryPolicy.Request.REREAD, failure, false, true, false)) {
        case FORGET:
          forget(failure.error);
          return;
        case REREAD_LATER:
          retryLater(failure, () -> resyncOrFind(failure.error));
          return;
        default:
          view.publishError(failure.error);
          endRound(RoundState.FAILED, ConnectionState.failed(failure.error), failure.error);
          return;
      }
    }
    ThreadMerger.Result result = view.resync(thread);
    owner.events.resyncFinished(result.duplicates);
    failures.reset();
    WorkflowStatus status = thread.workflow().status();
    if (status.isFinished()) {
      polls = 0;
      view.unsend();
      RoundState outcome = RoundState.outcomeOf(status);
      endRound(outcome, outcome.shownOutcome(), null);
      owner.releaseIfUnused();
    } else if (!view.hasObservers() && sends.isEmpty()) {
      state = RoundState.IDLE;
      owner.releaseIfUnused();
    } else if (stream.canResume(view.workflowId())) {
      resume();
    } else {
      // Still running and nothing streams it to us: read again, later. Polls back off like failures but
      // spend no budget: a long workflow is not a failing connection.
      long delay = engine.backoff.delay(++polls, null).toMillis();
      waitThen("poll", ConnectionState.reconnecting(polls, Instant.ofEpochMilli(engine.clock.nowMillis() + delay),
          null), delay,
          () -> resyncOrFind(null));
    }
  }

  private void findCreatedThread(@Nullable ChatbotException cause) {
    enter(RoundState.FINDING, ConnectionState.RESYNCING);
    engine.whenDone(owner, engine.listThreads(), (page, error) -> {
      if (state != RoundState.FINDING || engine.closed) return;
      Workflow found = page == null ? null : sends.createdAmong(page.threads());
      if (found != null) {
        adopt(found.id());
        resyncOrFind(null);
        return;
      }
      RecoveryPolicy.Failure why = RecoveryPolicy.Failure.ofLookup(error, cause);
      retryLater(why, () -> resyncOrFind(why.error));
    });
  }

  // ---- waiting and outcomes

  private void retryLater(RecoveryPolicy.Failure failure, Runnable step) {
    if (engine.offline) {
      // No budget is spent while the app says there is no network; it retries when the network is back.
      waitThen("retry", ConnectionState.OFFLINE, 0, step);
      return;
    }
    long now = engine.clock.nowMillis();
    long delay = failures.nextDelayMillis(now, failure.retryAfter);
    if (delay < 0) {
      giveUp(failure.error);
      return;
    }
    owner.events.reconnectScheduled(failures.attempt(), delay, failure.error);
    waitThen("retry", ConnectionState.reconnecting(failures.attempt(), Instant.ofEpochMilli(now + delay),
        failure.error), delay, step);
  }

  /** Shows {@code waiting} and takes {@code step} after {@code delayMillis}, or when told to retry now. */
  private void waitThen(String timerName, ConnectionState waiting, long delayMillis, Runnable step) {
    if (engine.offline) {
      next.hold(step);
      enter(RoundState.PAUSED_OFFLINE, ConnectionState.OFFLINE);
      return;
    }
    next.after(timerName, delayMillis, step);
    enter(RoundState.WAITING, waiting);
  }

  private void giveUp(ChatbotException cause) {
    // A prompt that never left and fails now is out of the offline queue too: it will not be sent later.
    engine.outbox.discard(lastSend());
    owner.events.gaveUp(cause);
    GaveUpException gaveUp = SdkExceptions.get().gaveUp(cause, failures.attempt());
    failures.reset();
    view.unsend();
    endRound(RoundState.GAVE_UP, ConnectionState.gaveUp(cause), gaveUp);
    owner.releaseIfUnused();
  }

  private void endRound(RoundState outcome, ConnectionState shown, @Nullable ChatbotException failure) {
    enter(outcome, shown);
    // A round that failed before anything came from the server fails its sends; one that showed the
    // server's thread finishes them with it, unless recovery gave up.
    if (failure != null && (outcome == RoundState.GAVE_UP || !view.networkLoaded())) {
      sends.fail(failure);
    } else {
      sends.finish(view.snapshot());
    }
  }
}
