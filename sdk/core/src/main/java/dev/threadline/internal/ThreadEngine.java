package dev.threadline.internal;

import dev.threadline.BackoffPolicy;
import dev.threadline.ChatbotEventListener;
import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotException;
import dev.threadline.ConnectionState;
import dev.threadline.DeliveryUnknownException;
import dev.threadline.EpochSeconds;
import dev.threadline.NetworkException;
import dev.threadline.NotFoundException;
import dev.threadline.ProtocolException;
import dev.threadline.RateLimitedException;
import dev.threadline.SendCall;
import dev.threadline.ServerException;
import dev.threadline.StoreException;
import dev.threadline.StreamInterruptedException;
import dev.threadline.Subscription;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadListObserver;
import dev.threadline.ThreadListState;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.Workflow;
import dev.threadline.WorkflowStatus;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.OkHttpClient;

/**
 * The one writer of thread state. Every change (a stream event, a re-read, a send, a delete) runs as a task
 * on one serial thread, so merging needs no locks and ordering is defined; network threads only decode and
 * hand over, and observers are called on the app's executor through {@link Delivery}.
 *
 * <p>For each thread it follows one round at a time: post the prompt and stream the answer; when the
 * stream closes or drops, re-read the thread (authoritative) and, while the workflow still runs, re-read
 * it again with backoff until it ends. A prompt is posted again only when the server provably did not get
 * it (no connection) or refused it (429, 503).
 */
public final class ThreadEngine {
  private final BackendApi api;
  private final OkHttpClient streamClient;
  private final StoreWriter store;
  private final Executor callbackExecutor;
  private final BackoffPolicy backoff;
  private final int listPageSize;
  private final ChatbotEventListener listener;
  private final dev.threadline.ResumableStream resumable;
  private final Counters counters;
  private final CallTracker calls;
  private final LongSupplier clock = System::currentTimeMillis;
  private final ScheduledThreadPoolExecutor serial;
  private final Map<String, ThreadController> threads = new HashMap<>();
  private final Set<ThreadController> unnamed = Collections.newSetFromMap(new IdentityHashMap<>());
  private final ThreadListController list;
  private volatile boolean closed;
  private boolean offline;

  /**
   * @param streamClient the client for streams: its read timeout is the liveness limit
   */
  public ThreadEngine(BackendApi api, OkHttpClient streamClient, ThreadStoreWriterFactory storeWriterFactory,
      Executor callbackExecutor, BackoffPolicy backoff, int listPageSize, ChatbotEventListener listener,
      Counters counters, CallTracker calls, dev.threadline.ResumableStream resumable) {
    this.resumable = resumable;
    this.api = api;
    this.streamClient = streamClient;
    this.callbackExecutor = callbackExecutor;
    this.backoff = backoff;
    this.listPageSize = listPageSize;
    this.listener = listener;
    this.counters = counters;
    this.calls = calls;
    this.serial = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "threadline-engine");
      thread.setDaemon(true);
      return thread;
    });
    // A closed client's timers must not keep its thread alive until they would have fired.
    serial.setRemoveOnCancelPolicy(true);
    serial.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.store = storeWriterFactory.create(this::onStoreError);
    this.list = new ThreadListController(api, store, listPageSize, this::post, threads::containsKey);
  }

  /** Creates the store writer once the engine can receive its errors. */
  public interface ThreadStoreWriterFactory {
    StoreWriter create(java.util.function.Consumer<StoreException> onError);
  }

  // ---------------------------------------------------------------- entry points (any thread)

  /** Observes thread {@code workflowId}: its cached state first, then the server's. */
  public Subscription observeThread(String workflowId, ThreadObserver observer) {
    WorkflowIds.check(workflowId);
    Delivery<ThreadState>[] holder = newHolder();
    Delivery<ThreadState> delivery = new Delivery<>(callbackExecutor, observer::onChanged, observer::onError,
        () -> post(() -> detach(workflowId, holder[0])));
    holder[0] = delivery;
    post(() -> attach(controller(workflowId), delivery));
    return delivery;
  }

  /** Observes the thread list: cached first, then refreshed. */
  public Subscription observeThreads(ThreadListObserver observer) {
    Delivery<ThreadListState>[] holder = newHolder();
    Delivery<ThreadListState> delivery = new Delivery<>(callbackExecutor, observer::onChanged, observer::onError,
        () -> post(() -> list.detach(holder[0])));
    holder[0] = delivery;
    post(() -> {
      if (!closed) list.attach(delivery);
    });
    return delivery;
  }

  /** Re-reads the first page of the thread list. */
  public void refreshThreads() {
    post(list::refresh);
  }

  /** Sends {@code input}: posts it, streams the answer, follows the round to its end. */
  public SendCall send(UserInput input) {
    SendCallImpl call = new SendCallImpl(input);
    if (closed) {
      call.fail(new IllegalStateException("client is closed"));
      return call;
    }
    post(() -> startSend(call));
    return call;
  }

  /** The app says the network is gone: waiting recoveries pause and threads show their cache, OFFLINE. */
  public void networkLost() {
    post(() -> {
      if (offline) return;
      offline = true;
      listener.networkChanged(false);
      for (ThreadController c : controllers()) c.goOffline();
    });
  }

  /** The app says the network is back: waiting recoveries retry at once. */
  public void networkAvailable() {
    post(() -> {
      boolean wasOffline = offline;
      offline = false;
      if (wasOffline) listener.networkChanged(true);
      for (ThreadController c : controllers()) c.retryNow();
    });
  }

  private List<ThreadController> controllers() {
    List<ThreadController> all = new ArrayList<>(threads.values());
    all.addAll(unnamed);
    return all;
  }

  /** The server deleted {@code workflowId}: forget it everywhere. */
  public void threadDeleted(String workflowId) {
    post(() -> forget(workflowId));
  }

  /** The server returned a newer {@code workflow} (e.g. from stop). */
  public void workflowUpdated(Workflow workflow) {
    post(() -> {
      ThreadController c = threads.get(workflow.id());
      if (c != null) {
        c.model = c.model.withWorkflow(workflow);
        c.persist(Collections.emptyList(), Collections.emptyList());
        c.publish();
        // Stopped while waiting to re-read: read once more now, which ends the round.
        if (workflow.status().isFinished() && c.stream == null && c.pendingAction != null) c.retryNow();
      } else {
        store.write(ThreadChange.workflowOnly(workflow));
      }
      list.update(workflow);
    });
  }

  /** Waits until the cache holds every change made so far (for tests and orderly shutdown). */
  public boolean flushStore(long timeoutMillis) throws InterruptedException {
    java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
    // Through the engine thread, so that changes it has yet to hand to the writer are included.
    post(() -> store.whenWritten(written::countDown));
    return written.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Stops everything: streams, calls, timers. Queued cache writes still finish. Never blocks. */
  public void close() {
    if (closed) return;
    closed = true;
    post(() -> {
      for (ThreadController c : controllers()) c.cancelNetwork();
      serial.shutdown();
    });
    store.close();
  }

  // ---------------------------------------------------------------- engine-thread internals

  private void post(Runnable task) {
    try {
      serial.execute(task);
    } catch (RejectedExecutionException e) {
      // Closed: nothing more happens.
    }
  }

  private ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
    try {
      return serial.schedule(() -> {
        if (!closed) task.run();
      }, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static <S> Delivery<S>[] newHolder() {
    return new Delivery[1];
  }

  private ThreadController controller(String workflowId) {
    return threads.computeIfAbsent(workflowId, ThreadController::new);
  }

  private void attach(ThreadController c, Delivery<ThreadState> delivery) {
    if (closed || delivery.isClosed()) return;
    c.observers.add(delivery);
    if (c.hasShownData) delivery.offer(c.snapshot());
    c.requestCache();
    if (!c.networkBusy()) c.refresh();
  }

  private void detach(String workflowId, Delivery<ThreadState> delivery) {
    ThreadController c = threads.get(workflowId);
    if (c == null) return;
    c.observers.remove(delivery);
    c.releaseIfUnused();
  }

  private void startSend(SendCallImpl call) {
    if (closed) {
      call.fail(new IllegalStateException("client is closed"));
      return;
    }
    UserInput input = call.input;
    ThreadController c;
    Integer round;
    if (input.workflowId() != null) {
      c = controller(input.workflowId());
      c.requestCache();
      Workflow known = c.model.workflow();
      round = known != null && known.currentRound() != null ? known.currentRound() + 1 : null;
      call.workflowId.complete(c.workflowId);
    } else {
      c = new ThreadController(null);
      unnamed.add(c);
      round = 1;
      Set<String> known = new java.util.HashSet<>(threads.keySet());
      known.addAll(list.knownIds());
      c.knownBeforeSend = known;
    }
    call.controller = c;
    for (Delivery<ThreadState> early : call.earlyObservers) c.observers.add(early);
    call.earlyObservers.clear();
    c.sends.add(call);
    c.sentAtMillis = System.currentTimeMillis();
    c.prompt = input.prompt();
    c.model = ThreadMerger.withPending(c.model, Placeholders.echo(input.prompt(), round, EpochSeconds.ofEpochMillis(c.sentAtMillis)), round);
    c.resetFailures();
    c.hasShownData = true;
    c.postPrompt(call);
  }

  private void forget(String workflowId) {
    ThreadController c = threads.remove(workflowId);
    store.deleteThread(workflowId);
    list.remove(workflowId);
    if (c == null) return;
    c.cancelNetwork();
    c.model = ThreadModel.EMPTY;
    c.connection = ConnectionState.IDLE;
    c.publish();
    NotFoundException gone = new NotFoundException("thread " + workflowId + " was deleted", 404, null, null);
    for (SendCallImpl call : c.sends) call.fail(gone);
    c.sends.clear();
  }

  private void onStoreError(StoreException error) {
    post(() -> {
      for (ThreadController c : threads.values()) c.publishError(error);
      list.publishError(error);
    });
  }

  private static boolean provablyNotDelivered(Throwable error) {
    return error instanceof ConnectException || error instanceof UnknownHostException
        || error instanceof NoRouteToHostException || error instanceof SSLHandshakeException
        || (error instanceof java.net.SocketTimeoutException && String.valueOf(error.getMessage()).contains("connect"));
  }

  private static ChatbotException asChatbotException(Throwable error, boolean opened) {
    if (error instanceof ChatbotException) return (ChatbotException) error;
    String message = String.valueOf(error.getMessage());
    if (opened) return new StreamInterruptedException("stream interrupted: " + message, 0, null, error);
    if (provablyNotDelivered(error)) return new NetworkException("could not connect: " + message, 0, null, error);
    return new DeliveryUnknownException("send failed after the request left: " + message, 0, null, error);
  }

  /** One thread's state and network activity. Confined to the engine thread. */
  private final class ThreadController {
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
    String lastEventId;
    boolean refreshing;
    ScheduledFuture<?> timer;
    Runnable pendingAction;
    final Backoff failures = new Backoff(backoff);
    int polls;
    long sentAtMillis;
    String prompt;
    Set<String> knownBeforeSend = Collections.emptySet();

    ThreadController(String workflowId) {
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
      if (stream != null) stream.cancel();
      stream = null;
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
        unnamed.remove(this);
      } else if (threads.get(workflowId) == this) {
        threads.remove(workflowId);
      }
    }

    void cancelTimer() {
      if (timer != null) timer.cancel(false);
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
      list.update(cached.workflow());
      publish();
    }

    void requestCache() {
      if (cacheRequested || workflowId == null) return;
      cacheRequested = true;
      store.loadThread(workflowId, thread -> ThreadEngine.this.post(() -> onCacheLoaded(thread)));
    }

    void persist(List<ChatItem> upserts, List<String> removedKeys) {
      if (workflowId == null) return;
      Workflow workflow = model.workflow();
      if (workflow == null) {
        workflow = Placeholders.runningWorkflow(workflowId, prompt, EpochSeconds.ofEpochMillis(sentAtMillis));
        model = model.withWorkflow(workflow);
      }
      store.write(new ThreadChange(workflow, upserts, removedKeys));
    }

    // ---- sending and streaming

    void postPrompt(SendCallImpl call) {
      openStream(api.startStream(call.input), false);
    }

    boolean canResume() {
      return resumable != null && workflowId != null && !resumeUnsupported;
    }

    /** Reconnects to the resumable stream after the last event seen (all of it when none was seen). */
    void resume() {
      cancelTimer();
      pendingAction = null;
      openStream(api.resumeStream(resumable, workflowId, lastEventId), true);
    }

    void openStream(okhttp3.Request request, boolean isResume) {
      if (stream != null) stream.cancel();
      setConnection(ConnectionState.CONNECTING);
      StreamHandler handler = new StreamHandler(this);
      String sequenceField = resumable == null ? null : resumable.sequenceField();
      stream = StreamSession.start(streamClient, request, handler, calls, sequenceField);
      streamIsResume = isResume;
      handler.session = stream;
    }

    void onStreamOpen(StreamSession session) {
      if (stream != session) return;
      streamOpenedAtMillis = clock.getAsLong();
      counters.streamsOpened.incrementAndGet();
      listener.streamOpened(workflowId);
      setConnection(ConnectionState.STREAMING);
    }

    void onStreamItem(StreamSession session, ChatItem item, String eventId) {
      if (stream != session) return;
      if (eventId != null && !eventId.isEmpty()) lastEventId = eventId;
      failures.healthy(streamOpenedAtMillis, clock.getAsLong());
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
        persist(result.upserts, result.removedKeys);
        publish();
      }
    }

    void adopt(String id) {
      workflowId = id;
      unnamed.remove(this);
      ThreadController existing = threads.get(id);
      if (existing != null && existing != this) {
        observers.addAll(existing.observers);
        existing.cancelNetwork();
      }
      threads.put(id, this);
      Workflow placeholder = Placeholders.runningWorkflow(id, prompt, EpochSeconds.ofEpochMillis(sentAtMillis));
      model = model.withWorkflow(placeholder);
      list.update(placeholder);
      for (SendCallImpl call : sends) call.workflowId.complete(id);
      List<ChatItem> known = new ArrayList<>();
      for (ChatItem item : model.items()) if (!item.isPending()) known.add(item);
      persist(known, Collections.emptyList());
    }

    void absorbed(int duplicates) {
      if (duplicates == 0) return;
      counters.duplicatesAbsorbed.addAndGet(duplicates);
      listener.duplicatesAbsorbed(workflowId, duplicates);
    }

    void onStreamClosed(StreamSession session, boolean endMarker) {
      if (stream != session) return;
      stream = null;
      listener.streamEnded(workflowId, null);
      failures.healthy(streamOpenedAtMillis, clock.getAsLong());
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
      stream = null;
      ChatbotException failure = asChatbotException(error, opened);
      listener.streamEnded(workflowId, failure);
      SendCallImpl call = sends.isEmpty() ? null : sends.get(sends.size() - 1);
      int status = failure.statusCode();
      boolean refused = !opened && (status == 429 || status == 503
          || (status == 0 && provablyNotDelivered(error)));
      if (streamIsResume) {
        if (!opened && !refused && status >= 400 && status < 500) {
          // The server has no resumable stream for this thread after all: re-read instead, from now on.
          resumeUnsupported = true;
          resyncOrFind(null);
        } else {
          retryLater(failure, retryAfter(failure), this::resume);
        }
        return;
      }
      if (refused && call != null) {
        // The server never took the prompt: sending again is safe.
        retryLater(failure, retryAfter(failure), () -> postPrompt(call));
        return;
      }
      if (!opened && status >= 400 && status < 500) {
        // Refused for good (bad input, credentials, permissions): the prompt was not accepted.
        model = ThreadMerger.withoutPending(model);
        setConnection(ConnectionState.failed(failure));
        publishError(failure);
        for (SendCallImpl s : sends) s.fail(failure);
        sends.clear();
        releaseIfUnused();
        return;
      }
      publishError(failure);
      if (opened && canResume()) {
        retryLater(failure, -1, this::resume);
        return;
      }
      resyncOrFind(failure);
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
      counters.resyncs.incrementAndGet();
      listener.resyncStarted(workflowId);
      setConnection(ConnectionState.RESYNCING);
      api.enqueue(api.getThread(workflowId), BackendApi::readThread, ThreadEngine.this::post).whenComplete((thread, error) ->
          onRefreshed(thread, error));
    }

    void onRefreshed(ChatThread thread, Throwable error) {
      if (!refreshing || closed) return;
      refreshing = false;
      if (error != null) {
        ChatbotException failure = unwrap(error);
        if (failure instanceof NotFoundException) {
          publishError(failure);
          forget(workflowId);
          return;
        }
        if (isRetryable(failure)) {
          retryLater(failure, retryAfter(failure), () -> resyncOrFind(failure));
        } else {
          publishError(failure);
          endRound(ConnectionState.failed(failure), failure);
        }
        return;
      }
      networkLoaded = true;
      fromCache = false;
      ThreadMerger.Result result = ThreadMerger.resync(model, thread);
      model = result.model;
      listener.resyncFinished(workflowId, result.duplicates);
      absorbed(result.duplicates);
      persist(result.upserts, result.removedKeys);
      list.update(thread.workflow());
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
        long delay = backoff.delayMillis(++polls, -1);
        waitThen(ConnectionState.reconnecting(polls, clock.getAsLong() + delay, null), delay,
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
      api.enqueue(api.listThreads(null), body -> BackendApi.readThreadPage(body, null), ThreadEngine.this::post)
          .whenComplete((page, error) -> {
            if (!refreshing || closed) return;
            refreshing = false;
            ChatbotException failure = error == null ? null : unwrap(error);
            Workflow found = page == null ? null : CreatedThreadFinder.find(page.threads(), sentPrompt, known);
            if (found != null) {
              adopt(found.id());
              resyncOrFind(null);
            } else {
              ChatbotException why = failure != null ? failure : cause != null ? cause
                  : new DeliveryUnknownException("the stream ended before the new thread's id was known", 0, null, null);
              retryLater(why, retryAfter(why), () -> resyncOrFind(why));
            }
          });
    }

    // ---- backoff and outcomes

    void retryLater(ChatbotException cause, long retryAfterMillis, Runnable action) {
      if (offline) {
        // No budget is spent while the app says there is no network; it retries when the network is back.
        pendingAction = action;
        setConnection(ConnectionState.OFFLINE);
        return;
      }
      long now = clock.getAsLong();
      long delay = failures.nextDelayMillis(now, retryAfterMillis);
      if (delay < 0) {
        giveUp(cause);
        return;
      }
      counters.reconnects.incrementAndGet();
      listener.reconnectScheduled(workflowId, failures.attempt(), delay, cause);
      waitThen(ConnectionState.reconnecting(failures.attempt(), now + delay, cause), delay, action);
    }

    /** Shows {@code waiting} and runs {@code action} after {@code delayMillis}, or when told to retry now. */
    void waitThen(ConnectionState waiting, long delayMillis, Runnable action) {
      pendingAction = action;
      setConnection(offline ? ConnectionState.OFFLINE : waiting);
      if (offline) return;
      timer = schedule(() -> {
        timer = null;
        if (pendingAction != action) return;
        pendingAction = null;
        action.run();
      }, delayMillis);
    }

    void giveUp(ChatbotException cause) {
      counters.gaveUp.incrementAndGet();
      listener.gaveUp(workflowId, cause);
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
  }

  private static ConnectionState outcome(WorkflowStatus status) {
    switch (status) {
      case COMPLETED: return ConnectionState.COMPLETED;
      case STOPPED: return ConnectionState.STOPPED;
      default: return ConnectionState.failed(null);
    }
  }

  static ChatbotException unwrap(Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (cause instanceof ChatbotException) return (ChatbotException) cause;
    return new NetworkException(String.valueOf(cause.getMessage()), 0, null, cause);
  }

  private static boolean isRetryable(ChatbotException failure) {
    return failure instanceof NetworkException || failure instanceof ServerException
        || failure instanceof RateLimitedException || failure instanceof ProtocolException;
  }

  private static long retryAfter(ChatbotException failure) {
    if (failure instanceof RateLimitedException) return ((RateLimitedException) failure).retryAfterMillis();
    if (failure instanceof ServerException) return ((ServerException) failure).retryAfterMillis();
    return -1;
  }

  /**
   * Hands one stream's events to the engine thread. Its session is set on the engine thread right after
   * the stream starts, before any task it posts can run there; events of a replaced stream are ignored.
   */
  private final class StreamHandler implements StreamSession.Handler {
    private final ThreadController controller;
    StreamSession session;

    StreamHandler(ThreadController controller) {
      this.controller = controller;
    }

    @Override public void onOpen() {
      post(() -> controller.onStreamOpen(session));
    }

    @Override public void onItem(ChatItem item, String eventId) {
      post(() -> controller.onStreamItem(session, item, eventId));
    }

    @Override public void onRetry(long millis) {
      post(() -> {
        if (controller.stream == session) controller.failures.retryField(millis);
      });
    }

    @Override public void onBytes(long count) {
      counters.bytesReceived.addAndGet(count);
    }

    @Override public void onWarning(ProtocolException warning) {
      post(() -> {
        if (controller.stream == session) controller.publishError(warning);
      });
    }

    @Override public void onClosed(boolean endMarker) {
      post(() -> controller.onStreamClosed(session, endMarker));
    }

    @Override public void onFailure(Throwable error, boolean opened) {
      post(() -> controller.onStreamFailed(session, error, opened));
    }
  }

  /** The public face of one send. */
  private final class SendCallImpl implements SendCall {
    final UserInput input;
    final CompletableFuture<String> workflowId = new CompletableFuture<>();
    final CompletableFuture<ThreadState> result = new CompletableFuture<>();
    final List<Delivery<ThreadState>> earlyObservers = new ArrayList<>();
    ThreadController controller;

    SendCallImpl(UserInput input) {
      this.input = input;
    }

    @Override public UserInput input() {
      return input;
    }

    @Override public CompletableFuture<String> workflowId() {
      return workflowId.thenApplyAsync(id -> id, callbackExecutor);
    }

    @Override public CompletableFuture<ThreadState> result() {
      return result.thenApplyAsync(state -> state, callbackExecutor);
    }

    @Override public Subscription observe(ThreadObserver observer) {
      Delivery<ThreadState>[] holder = newHolder();
      Delivery<ThreadState> delivery = new Delivery<>(callbackExecutor, observer::onChanged, observer::onError,
          () -> post(() -> {
            earlyObservers.remove(holder[0]);
            if (controller != null) {
              controller.observers.remove(holder[0]);
              controller.releaseIfUnused();
            }
          }));
      holder[0] = delivery;
      post(() -> {
        if (delivery.isClosed()) return;
        if (controller == null) {
          earlyObservers.add(delivery);
        } else {
          controller.observers.add(delivery);
          if (controller.hasShownData) delivery.offer(controller.snapshot());
        }
      });
      return delivery;
    }

    void finish(ThreadState state) {
      workflowId.completeExceptionally(new IllegalStateException("thread has no id"));
      result.complete(state);
    }

    void fail(Throwable error) {
      workflowId.completeExceptionally(error);
      result.completeExceptionally(error);
    }
  }
}
