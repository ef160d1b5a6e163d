package dev.threadline.internal;

import dev.threadline.BackoffPolicy;
import dev.threadline.CallbackException;
import dev.threadline.ChatbotEventListener;
import dev.threadline.ChatbotException;
import dev.threadline.ConnectionState;
import dev.threadline.EpochSeconds;
import dev.threadline.NetworkException;
import dev.threadline.NotFoundException;
import dev.threadline.SendCall;
import dev.threadline.StoreException;
import dev.threadline.Subscription;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadListObserver;
import dev.threadline.ThreadListState;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
  final BackendApi api;
  final OkHttpClient streamClient;
  final StoreWriter store;
  final Executor callbackExecutor;
  final BackoffPolicy backoff;
  private final int listPageSize;
  /** The app's listener, isolated: it is called only through this. */
  final ChatbotEventListener listener;
  final dev.threadline.ResumableStream resumable;
  final Counters counters;
  final CallTracker calls;
  final EngineClock clock;
  /** How long a stream may carry no item before a re-read checks that its round still runs. */
  final long silenceCheckMillis;
  private final ScheduledThreadPoolExecutor serial;
  final Map<String, ThreadController> threads = new HashMap<>();
  final Set<ThreadController> unnamed = Collections.newSetFromMap(new IdentityHashMap<>());
  final ThreadListController list;
  volatile boolean closed;
  boolean offline;

  /**
   * @param streamClient the client for streams: its read timeout is the liveness limit
   */
  public ThreadEngine(BackendApi api, OkHttpClient streamClient, ThreadStoreWriterFactory storeWriterFactory,
      Executor callbackExecutor, BackoffPolicy backoff, int listPageSize, ChatbotEventListener listener,
      Counters counters, CallTracker calls, dev.threadline.ResumableStream resumable, long silenceCheckMillis) {
    this(api, streamClient, storeWriterFactory, callbackExecutor, backoff, listPageSize, listener, counters, calls,
        resumable, silenceCheckMillis, null);
  }

  /** As the other constructor, with {@code clock} as the engine's time (null: the system's). */
  public ThreadEngine(BackendApi api, OkHttpClient streamClient, ThreadStoreWriterFactory storeWriterFactory,
      Executor callbackExecutor, BackoffPolicy backoff, int listPageSize, ChatbotEventListener listener,
      Counters counters, CallTracker calls, dev.threadline.ResumableStream resumable, long silenceCheckMillis,
      EngineClock clock) {
    this.silenceCheckMillis = silenceCheckMillis;
    this.resumable = resumable;
    this.api = api;
    this.streamClient = streamClient;
    this.callbackExecutor = callbackExecutor;
    this.backoff = backoff;
    this.listPageSize = listPageSize;
    this.listener = new GuardedListener(listener, this::reportToObservers);
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
    this.clock = clock != null ? clock : new SystemClock(serial);
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
        () -> post(() -> detach(workflowId, holder[0])), observerThrew(() -> workflowId));
    holder[0] = delivery;
    post(() -> attach(controller(workflowId), delivery));
    return delivery;
  }

  /** Observes the thread list: cached first, then refreshed. */
  public Subscription observeThreads(ThreadListObserver observer) {
    Delivery<ThreadListState>[] holder = newHolder();
    Delivery<ThreadListState> delivery = new Delivery<>(callbackExecutor, observer::onChanged, observer::onError,
        () -> post(() -> list.detach(holder[0])), observerThrew(() -> null));
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
    SendCallImpl call = new SendCallImpl(this, input);
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

  /** Runs {@code task} on the engine thread; what it throws is reported to every observer and the listener. */
  void post(Runnable task) {
    post(null, task);
  }

  /** Runs {@code task} of thread {@code owner} (null: of the whole client) on the engine thread, isolated. */
  void post(ThreadController owner, Runnable task) {
    try {
      serial.execute(() -> runIsolated(owner, task));
    } catch (RejectedExecutionException e) {
      // Closed: nothing more happens.
    }
  }

  /** Runs {@code task} of {@code owner} on the engine thread after {@code delayMillis}, unless closed by then. */
  EngineClock.Timer schedule(String name, ThreadController owner, Runnable task, long delayMillis) {
    return clock.schedule(name, delayMillis, () -> post(owner, () -> {
      if (!closed) task.run();
    }));
  }

  /** The system's time; timers on the engine's executor, so that none outlives a closed client. */
  private static final class SystemClock implements EngineClock {
    private final ScheduledThreadPoolExecutor executor;

    SystemClock(ScheduledThreadPoolExecutor executor) {
      this.executor = executor;
    }

    @Override public long nowMillis() {
      return System.currentTimeMillis();
    }

    @Override public Timer schedule(String name, long delayMillis, Runnable task) {
      try {
        ScheduledFuture<?> future = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
      } catch (RejectedExecutionException closed) {
        return () -> { };
      }
    }
  }

  /**
   * Runs {@code task} on the engine thread (where this is called): a task that throws is a bug, and is
   * reported to its thread's observers (all of them when it has no owner) and to the listener, so that it
   * cannot vanish into an executor's future; the engine thread goes on with the next task.
   */
  void runIsolated(ThreadController owner, Runnable task) {
    Throwable thrown = Isolation.run(task);
    if (thrown == null) return;
    CallbackException error = new CallbackException("an engine task threw", thrown);
    if (owner != null) {
      owner.publishError(error);
    } else {
      for (ThreadController c : controllers()) c.publishError(error);
      list.publishError(error);
    }
    listener.unexpectedError(owner == null ? null : owner.workflowId, error);
  }

  /** Tells the observers of thread {@code workflowId} (of every new thread when null) of {@code error}. */
  private void reportToObservers(String workflowId, CallbackException error) {
    if (workflowId == null) {
      for (ThreadController c : unnamed) c.publishError(error);
      list.publishError(error);
    } else {
      ThreadController c = threads.get(workflowId);
      if (c != null) c.publishError(error);
    }
  }

  /** What an observer's delivery does with what the observer threw: tell the listener, on the engine thread. */
  java.util.function.Consumer<CallbackException> observerThrew(java.util.function.Supplier<String> workflowId) {
    return error -> post(() -> listener.unexpectedError(workflowId.get(), error));
  }

  @SuppressWarnings("unchecked")
  static <S> Delivery<S>[] newHolder() {
    return new Delivery[1];
  }

  private ThreadController controller(String workflowId) {
    return threads.computeIfAbsent(workflowId, id -> new ThreadController(this, id));
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
      c = new ThreadController(this, null);
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
    c.sentAtMillis = clock.nowMillis();
    c.prompt = input.prompt();
    c.model = ThreadMerger.withPending(c.model, Placeholders.echo(input.prompt(), round, EpochSeconds.ofEpochMillis(c.sentAtMillis)), round);
    c.resetFailures();
    c.hasShownData = true;
    c.postPrompt(call);
  }

  void forget(String workflowId) {
    ThreadController c = threads.remove(workflowId);
    store.deleteThread(workflowId);
    list.remove(workflowId);
    if (c == null) return;
    c.cancelNetwork();
    c.model = ThreadModel.EMPTY;
    c.connection = ConnectionState.IDLE;
    c.publish();
    NotFoundException gone = new NotFoundException("thread " + workflowId + " not found: deleted, or never existed",
        404, null, null);
    for (SendCallImpl call : c.sends) call.fail(gone);
    c.sends.clear();
  }

  private void onStoreError(StoreException error) {
    post(() -> {
      for (ThreadController c : threads.values()) c.publishError(error);
      list.publishError(error);
    });
  }



  static ChatbotException unwrap(Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (cause instanceof ChatbotException) return (ChatbotException) cause;
    return new NetworkException(String.valueOf(cause.getMessage()), 0, null, cause);
  }
}
