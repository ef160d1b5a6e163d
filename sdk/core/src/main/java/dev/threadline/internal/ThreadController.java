package dev.threadline.internal;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotException;
import dev.threadline.ConnectionState;
import dev.threadline.DeliveryUnknownException;
import dev.threadline.EpochSeconds;
import dev.threadline.NotFoundException;
import dev.threadline.ProtocolException;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadState;
import dev.threadline.Workflow;
import dev.threadline.WorkflowStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * One thread's state and network activity: its merged model and observers, the round it follows (post,
 * stream, re-read, poll or resume), and how it recovers. Confined to the engine's thread; the engine holds
 * the services it uses.
 */
final class ThreadController {
  private final ThreadEngine engine;
  String workflowId;
  ThreadModel model = ThreadModel.EMPTY;
  ConnectionState connection = ConnectionState.IDLE;
  boolean fromCache;
  boolean hasShownData;
  boolean cacheRequested;
  boolean cacheLoaded;
  boolean networkLoaded;
  final List<Delivery<ThreadState>> observers = new ArrayList<>();
  final List<SendCallImpl> sends = new ArrayList<>();
  StreamSession stream;
  boolean streamIsResume;
  boolean resumeUnsupported;
  long streamOpenedAtMillis;
  long lastStreamItemAtMillis;
  EngineClock.Timer silenceTimer;
  String lastEventId;
  boolean refreshing;
  EngineClock.Timer timer;
  Runnable pendingAction;
  final Backoff failures;
  int polls;
  long sentAtMillis;
  String prompt;
  Set<String> knownBeforeSend = Collections.emptySet();

  ThreadController(ThreadEngine engine, String workflowId) {
    this.engine = engine;
    this.failures = new Backoff(engine.backoff);
    this.workflowId = workflowId;
    // A known thread shows what the device holds until the server answers; a new one has no cache.
    this.fromCache = workflowId != null;
  }

  boolean networkBusy() {
    return stream != null || refreshing || pendingAction != null;
  }

  ThreadState snapshot() {
    return ThreadState.builder()
        .workflowId(workflowId)
        .workflow(model.workflow())
        .items(model.items())
        .connection(connection)
        .fromCache(fromCache)
        .build();
  }

  void publish() {
    // The cached state comes first: nothing is shown of a known thread before its cache was read.
    if (workflowId != null && !cacheLoaded && !networkLoaded) return;
    hasShownData = true;
    ThreadState state = snapshot();
    for (Delivery<ThreadState> observer : observers) observer.offer(state);
  }

  void publishError(ChatbotException error) {
    for (Delivery<ThreadState> observer : observers) observer.offerError(error);
  }

  void setConnection(ConnectionState state) {
    connection = state;
    publish();
  }

  void resetFailures() {
    failures.reset();
    polls = 0;
  }

  void cancelNetwork() {
    endStream();
    cancelTimer();
    pendingAction = null;
    refreshing = false;
  }

  /**
   * Forgets this thread's in-memory state when nobody observes it and no send awaits it: its polling
   * stops (no battery spent on a thread nobody sees) and its items are dropped (the cache keeps them).
   * A stream or re-read in flight finishes first; this is asked again when it does.
   */
  void releaseIfUnused() {
    if (!observers.isEmpty() || !sends.isEmpty() || stream != null || refreshing) return;
    cancelNetwork();
    if (workflowId == null) {
      engine.unnamed.remove(this);
    } else if (engine.threads.get(workflowId) == this) {
      engine.threads.remove(workflowId);
    }
  }

  /** Cancels the open stream, if any, and its silence check. */
  void endStream() {
    if (stream != null) stream.cancel();
    stream = null;
    if (silenceTimer != null) silenceTimer.cancel();
    silenceTimer = null;
  }

  void cancelTimer() {
    if (timer != null) timer.cancel();
    timer = null;
  }

  /** Network gone: a waiting retry pauses (kept in {@code pendingAction}) and the thread shows OFFLINE. */
  void goOffline() {
    if (pendingAction == null) return;
    cancelTimer();
    setConnection(ConnectionState.OFFLINE);
  }

  /** Runs a waiting retry now (network back, or the workflow was stopped meanwhile). */
  void retryNow() {
    Runnable action = pendingAction;
    if (action == null) return;
    cancelTimer();
    pendingAction = null;
    action.run();
  }

  // ---- cache

  void onCacheLoaded(ChatThread cached) {
    cacheLoaded = true;
    if (networkLoaded || cached == null) {
      if (!hasShownData) publish();
      return;
    }
    model = ThreadMerger.resync(model, cached).model;
    fromCache = true;
    engine.list.update(cached.workflow());
    publish();
  }

  void requestCache() {
    if (cacheRequested || workflowId == null) return;
    cacheRequested = true;
    engine.store.loadThread(workflowId, thread -> engine.post(this, () -> onCacheLoaded(thread)));
  }

  void persist(List<ChatItem> upserts, List<String> removedKeys) {
    if (workflowId == null) return;
    Workflow workflow = model.workflow();
    if (workflow == null) {
      workflow = Placeholders.runningWorkflow(workflowId, prompt, EpochSeconds.ofEpochMillis(sentAtMillis));
      model = model.withWorkflow(workflow);
    }
    engine.store.write(new ThreadChange(workflow, upserts, removedKeys));
  }

  // ---- sending and streaming

  void postPrompt(SendCallImpl call) {
    openStream(engine.api.startStream(call.input), false);
  }

  boolean canResume() {
    return engine.resumable != null && workflowId != null && !resumeUnsupported;
  }

  /** Reconnects to the engine.resumable stream after the last event seen (all of it when none was seen). */
  void resume() {
    cancelTimer();
    pendingAction = null;
    openStream(engine.api.resumeStream(engine.resumable, workflowId, lastEventId), true);
  }

  void openStream(okhttp3.Request request, boolean isResume) {
    // Never two streams of one workflow: the backend's readers share one event queue and would split the
    // round's events between them.
    endStream();
    setConnection(ConnectionState.CONNECTING);
    StreamHandler handler = new StreamHandler(engine, this);
    String sequenceField = engine.resumable == null ? null : engine.resumable.sequenceField();
    stream = StreamSession.start(engine.streamClient, request, handler, engine.calls, sequenceField);
    streamIsResume = isResume;
    handler.session = stream;
  }

  void onStreamOpen(StreamSession session) {
    if (stream != session) return;
    streamOpenedAtMillis = engine.clock.nowMillis();
    engine.counters.streamsOpened.incrementAndGet();
    engine.listener.streamOpened(workflowId);
    lastStreamItemAtMillis = streamOpenedAtMillis;
    armSilenceCheck(session, engine.silenceCheckMillis);
    setConnection(ConnectionState.STREAMING);
  }

  // ---- silent streams

  /*
   * The backend's stream can outlive its round: its "complete" may go to another reader of the workflow's
   * shared queue, and a deleted thread's stream is not ended. Such a stream sends only keepalives until the
   * server's 300 s limit, so a stream that has carried no item for about one keepalive interval is checked
   * by a re-read, and closed if the workflow has ended.
   */

  private void armSilenceCheck(StreamSession session, long delayMillis) {
    silenceTimer = engine.schedule("silence check", this, () -> onSilenceTimer(session), delayMillis);
  }

  private void onSilenceTimer(StreamSession session) {
    if (stream != session) return;
    silenceTimer = null;
    if (workflowId == null) {
      // Nothing to re-read yet: a new thread's id comes with its first item.
      armSilenceCheck(session, engine.silenceCheckMillis);
      return;
    }
    long silentFor = engine.clock.nowMillis() - lastStreamItemAtMillis;
    if (silentFor < engine.silenceCheckMillis) {
      armSilenceCheck(session, engine.silenceCheckMillis - silentFor);
      return;
    }
    whenDone(engine.api.enqueue(engine.api.getThread(workflowId), BackendApi::readThread, engine::post),
        (thread, error) -> onSilenceChecked(session, thread, error));
  }

  private void onSilenceChecked(StreamSession session, ChatThread thread, Throwable error) {
    if (stream != session || engine.closed) return;
    if (error != null) {
      ChatbotException failure = ThreadEngine.unwrap(error);
      if (failure instanceof NotFoundException) {
        // Deleted elsewhere while we streamed it: the stream would only ever send keepalives.
        publishError(failure);
        engine.forget(workflowId);
        return;
      }
      // The stream itself is still alive (its read timeout watches that): check again later.
      armSilenceCheck(session, engine.silenceCheckMillis);
      return;
    }
    if (thread.workflow().status().isFinished()) {
      // The round ended without this stream hearing it: finish it as the end of a stream would.
      endStream();
      engine.listener.streamEnded(workflowId, null);
      refreshing = true;
      onRefreshed(thread, null);
      return;
    }
    // Still running: keep streaming. Merged, not resynced: items the stream delivers after the server read
    // this thread must not be removed.
    ThreadMerger.Result result = ThreadMerger.merge(model.withWorkflow(thread.workflow()), thread.items());
    model = result.model;
    absorbed(result.duplicates);
    publish();
    persist(result.upserts, result.removedKeys);
    lastStreamItemAtMillis = engine.clock.nowMillis();
    armSilenceCheck(session, engine.silenceCheckMillis);
  }

  void onStreamItem(StreamSession session, ChatItem item, String eventId) {
    if (stream != session) return;
    if (eventId != null && !eventId.isEmpty()) lastEventId = eventId;
    lastStreamItemAtMillis = engine.clock.nowMillis();
    failures.healthy(streamOpenedAtMillis, lastStreamItemAtMillis);
    if (workflowId == null) {
      if (item.workflowId() == null) {
        publishError(new ProtocolException("event without workflowId before the thread's id was known", 0, null, null));
      } else {
        adopt(item.workflowId());
      }
    } else if (item.workflowId() != null && !item.workflowId().equals(workflowId)) {
      publishError(new ProtocolException("event of workflow " + item.workflowId() + " on the stream of "
          + workflowId + " skipped", 0, null, null));
      return;
    }
    ThreadMerger.Result result = ThreadMerger.merge(model, Collections.singletonList(item));
    model = result.model;
    fromCache = false;
    networkLoaded = true;
    absorbed(result.duplicates);
    if (result.itemsChanged()) {
      // The screen first, then the cache: the observer's latency should not include queueing a write.
      publish();
      persist(result.upserts, result.removedKeys);
    }
  }

  void adopt(String id) {
    workflowId = id;
    engine.unnamed.remove(this);
    ThreadController existing = engine.threads.get(id);
    if (existing != null && existing != this) {
      observers.addAll(existing.observers);
      existing.cancelNetwork();
    }
    engine.threads.put(id, this);
    Workflow placeholder = Placeholders.runningWorkflow(id, prompt, EpochSeconds.ofEpochMillis(sentAtMillis));
    model = model.withWorkflow(placeholder);
    engine.list.update(placeholder);
    for (SendCallImpl call : sends) call.workflowId.complete(id);
    List<ChatItem> known = new ArrayList<>();
    for (ChatItem item : model.items()) if (!item.isPending()) known.add(item);
    persist(known, Collections.emptyList());
  }

  void absorbed(int duplicates) {
    if (duplicates == 0) return;
    engine.counters.duplicatesAbsorbed.addAndGet(duplicates);
    engine.listener.duplicatesAbsorbed(workflowId, duplicates);
  }

  void onStreamClosed(StreamSession session, boolean endMarker) {
    if (stream != session) return;
    endStream();
    engine.listener.streamEnded(workflowId, null);
    failures.healthy(streamOpenedAtMillis, engine.clock.nowMillis());
    // Closed without an end marker (e.g. the server's stream time limit) while the round may run on:
    // where the stream can be resumed, follow it there instead of polling.
    if (!endMarker && canResume() && !sends.isEmpty()) {
      resume();
      return;
    }
    resyncOrFind(null);
  }

  void onStreamFailed(StreamSession session, Throwable error, boolean opened) {
    if (stream != session) return;
    endStream();
    RecoveryPolicy.Failure failure = RecoveryPolicy.Failure.ofStream(error, opened);
    engine.listener.streamEnded(workflowId, failure.error);
    RecoveryPolicy.Request request = streamIsResume ? RecoveryPolicy.Request.RESUME : RecoveryPolicy.Request.POST;
    RecoveryPolicy.Next next = RecoveryPolicy.after(request, failure, opened, workflowId != null, canResume());
    switch (next) {
      case REREAD_INSTEAD_OF_RESUMING:
        resumeUnsupported = true;
        resyncOrFind(null);
        return;
      case FORGET:
        // The thread to continue does not exist on the server (deleted, perhaps on another device): the
        // prompt was not taken, and the cached thread is gone.
        for (SendCallImpl s : sends) s.fail(failure.error);
        sends.clear();
        publishError(failure.error);
        engine.forget(workflowId);
        return;
      case POST_AGAIN_LATER:
        SendCallImpl call = sends.get(sends.size() - 1);
        retryLater(failure.error, failure.retryAfterMillis, () -> postPrompt(call));
        return;
      case FAIL_SEND:
        model = ThreadMerger.withoutPending(model);
        setConnection(ConnectionState.failed(failure.error));
        publishError(failure.error);
        for (SendCallImpl s : sends) s.fail(failure.error);
        sends.clear();
        releaseIfUnused();
        return;
      case RESUME_LATER:
        if (!streamIsResume) publishError(failure.error);
        retryLater(failure.error, failure.retryAfterMillis, this::resume);
        return;
      default:
        publishError(failure.error);
        resyncOrFind(failure.error);
    }
  }

  // ---- re-reading

  void refresh() {
    resyncOrFind(null);
  }

  void resyncOrFind(ChatbotException cause) {
    cancelTimer();
    pendingAction = null;
    if (workflowId == null) {
      findCreatedThread(cause);
      return;
    }
    refreshing = true;
    engine.counters.resyncs.incrementAndGet();
    engine.listener.resyncStarted(workflowId);
    setConnection(ConnectionState.RESYNCING);
    whenDone(engine.api.enqueue(engine.api.getThread(workflowId), BackendApi::readThread, engine::post),
        this::onRefreshed);
  }

  void onRefreshed(ChatThread thread, Throwable error) {
    if (!refreshing || engine.closed) return;
    refreshing = false;
    if (error != null) {
      RecoveryPolicy.Failure failure = RecoveryPolicy.Failure.ofCall(error);
      switch (RecoveryPolicy.after(RecoveryPolicy.Request.REREAD, failure, false, true, canResume())) {
        case FORGET:
          publishError(failure.error);
          engine.forget(workflowId);
          return;
        case REREAD_LATER:
          retryLater(failure.error, failure.retryAfterMillis, () -> resyncOrFind(failure.error));
          return;
        default:
          publishError(failure.error);
          endRound(ConnectionState.failed(failure.error), failure.error);
          return;
      }
    }
    networkLoaded = true;
    fromCache = false;
    ThreadMerger.Result result = ThreadMerger.resync(model, thread);
    model = result.model;
    engine.listener.resyncFinished(workflowId, result.duplicates);
    absorbed(result.duplicates);
    persist(result.upserts, result.removedKeys);
    engine.list.update(thread.workflow());
    failures.reset();
    WorkflowStatus status = thread.workflow().status();
    if (status.isFinished()) {
      polls = 0;
      model = ThreadMerger.withoutPending(model);
      endRound(outcome(status), null);
      releaseIfUnused();
    } else if (observers.isEmpty() && sends.isEmpty()) {
      releaseIfUnused();
    } else if (stream == null && canResume()) {
      resume();
    } else if (stream == null) {
      // Still running and nothing streams it to us: read again, later. Polls back off like failures but
      // spend no budget: a long workflow is not a failing connection.
      long delay = engine.backoff.delayMillis(++polls, -1);
      waitThen("poll", ConnectionState.reconnecting(polls, engine.clock.nowMillis() + delay, null), delay,
          () -> resyncOrFind(null));
    } else {
      publish();
    }
  }

  void findCreatedThread(ChatbotException cause) {
    refreshing = true;
    setConnection(ConnectionState.RESYNCING);
    String sentPrompt = prompt;
    Set<String> known = knownBeforeSend;
    whenDone(engine.api.enqueue(engine.api.listThreads(null), body -> BackendApi.readThreadPage(body, null), engine::post),
        (page, error) -> {
          if (!refreshing || engine.closed) return;
          refreshing = false;
          ChatbotException failure = error == null ? null : ThreadEngine.unwrap(error);
          Workflow found = page == null ? null : CreatedThreadFinder.find(page.threads(), sentPrompt, known);
          if (found != null) {
            adopt(found.id());
            resyncOrFind(null);
          } else {
            RecoveryPolicy.Failure why = RecoveryPolicy.Failure.of(failure != null ? failure : cause != null ? cause
                : new DeliveryUnknownException("the stream ended before the new thread's id was known", 0, null, null));
            retryLater(why.error, why.retryAfterMillis, () -> resyncOrFind(why.error));
          }
        });
  }

  /**
   * Runs {@code then} when {@code call} (completed on the engine thread) is done, isolated: a
   * {@code whenComplete} action that throws would otherwise only fail a future nobody reads.
   */
  private <T> void whenDone(java.util.concurrent.CompletableFuture<T> call, java.util.function.BiConsumer<T, Throwable> then) {
    call.whenComplete((value, error) -> engine.runIsolated(this, () -> then.accept(value, error)));
  }

  // ---- engine.backoff and outcomes

  void retryLater(ChatbotException cause, long retryAfterMillis, Runnable action) {
    if (engine.offline) {
      // No budget is spent while the app says there is no network; it retries when the network is back.
      pendingAction = action;
      setConnection(ConnectionState.OFFLINE);
      return;
    }
    long now = engine.clock.nowMillis();
    long delay = failures.nextDelayMillis(now, retryAfterMillis);
    if (delay < 0) {
      giveUp(cause);
      return;
    }
    engine.counters.reconnects.incrementAndGet();
    engine.listener.reconnectScheduled(workflowId, failures.attempt(), delay, cause);
    waitThen("retry", ConnectionState.reconnecting(failures.attempt(), now + delay, cause), delay, action);
  }

  /** Shows {@code waiting} and runs {@code action} after {@code delayMillis}, or when told to retry now. */
  void waitThen(String timerName, ConnectionState waiting, long delayMillis, Runnable action) {
    pendingAction = action;
    setConnection(engine.offline ? ConnectionState.OFFLINE : waiting);
    if (engine.offline) return;
    timer = engine.schedule(timerName, this, () -> {
      timer = null;
      if (pendingAction != action) return;
      pendingAction = null;
      action.run();
    }, delayMillis);
  }

  void giveUp(ChatbotException cause) {
    engine.counters.gaveUp.incrementAndGet();
    engine.listener.gaveUp(workflowId, cause);
    failures.reset();
    model = ThreadMerger.withoutPending(model);
    endRound(ConnectionState.gaveUp(cause), cause);
    releaseIfUnused();
  }

  void endRound(ConnectionState outcome, ChatbotException failure) {
    connection = outcome;
    publish();
    ThreadState finalState = snapshot();
    for (SendCallImpl call : sends) {
      if (failure != null && (outcome.kind() == ConnectionState.Kind.GAVE_UP || !networkLoaded)) {
        call.fail(failure);
      } else {
        call.finish(finalState);
      }
    }
    sends.clear();
  }

  private static ConnectionState outcome(WorkflowStatus status) {
    switch (status) {
      case COMPLETED: return ConnectionState.COMPLETED;
      case STOPPED: return ConnectionState.STOPPED;
      default: return ConnectionState.failed(null);
    }
  }

  /**
   * Hands one stream's events to the engine thread. Its session is set on the engine thread right after
   * the stream starts, before any task it posts can run there; events of a replaced stream are ignored.
   */
  static final class StreamHandler implements StreamSession.Handler {
    private final ThreadEngine engine;
    private final ThreadController controller;
    StreamSession session;

    StreamHandler(ThreadEngine engine, ThreadController controller) {
      this.engine = engine;
      this.controller = controller;
    }

    @Override public void onOpen() {
      engine.post(controller, () -> controller.onStreamOpen(session));
    }

    @Override public void onItem(ChatItem item, String eventId) {
      engine.post(controller, () -> controller.onStreamItem(session, item, eventId));
    }

    @Override public void onRetry(long millis) {
      engine.post(controller, () -> {
        if (controller.stream == session) controller.failures.retryField(millis);
      });
    }

    @Override public void onBytes(long count) {
      engine.counters.bytesReceived.addAndGet(count);
    }

    @Override public void onWarning(ProtocolException warning) {
      engine.post(controller, () -> {
        if (controller.stream == session) controller.publishError(warning);
      });
    }

    @Override public void onClosed(boolean endMarker) {
      engine.post(controller, () -> controller.onStreamClosed(session, endMarker));
    }

    @Override public void onFailure(Throwable error, boolean opened) {
      engine.post(controller, () -> controller.onStreamFailed(session, error, opened));
    }
  }
}
