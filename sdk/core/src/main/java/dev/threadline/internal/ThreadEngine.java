package dev.threadline.internal;

import dev.threadline.BackoffPolicy;
import dev.threadline.CallbackException;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotEventListener;
import dev.threadline.NotFoundException;
import dev.threadline.QueuedPrompt;
import dev.threadline.ReadPolicy;
import dev.threadline.ResumableStream;
import dev.threadline.RoundRef;
import dev.threadline.SendCall;
import dev.threadline.StoreException;
import dev.threadline.Subscription;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadListObserver;
import dev.threadline.ThreadListState;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadPage;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

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
  final StreamConnector streams;
  final StoreWriter store;
  final Executor callbackExecutor;
  final BackoffPolicy backoff;
  /** The app's listener, isolated: it is called only through this. */
  final ChatbotEventListener listener;
  final @Nullable ResumableStream resumable;
  final Counters counters;
  final CallTracker calls;
  final EngineClock clock;
  /** How long a stream may carry no item before a re-read checks that its round still runs. */
  final long silenceCheckMillis;
  private final SerialExecutor serial = new SerialExecutor(this::taskThrew);
  private final ThreadRegistry threads = new ThreadRegistry();
  private final AtomicLong sendIds = new AtomicLong();
  private final ServerReads serverReads = new ServerReads(this, threads);
  final ThreadListController list;
  final Outbox outbox = new Outbox(this);
  volatile boolean closed;
  /** Sends made and not yet ended (added on the app's thread, removed on the one that ends them). */
  private final Set<SendCallImpl> unended = ConcurrentHashMap.newKeySet();
  private final ExitFlush exitFlush;
  boolean offline;

  /**
   * @param streams opens the streams
   * @param clock the engine's time and timers; null: the system's
   */
  public ThreadEngine(BackendApi api, StreamConnector streams, ThreadStoreWriterFactory storeWriterFactory,
      Executor callbackExecutor, BackoffPolicy backoff, int listPageSize, ChatbotEventListener listener,
      Counters counters, CallTracker calls, @Nullable ResumableStream resumable,
      long silenceCheckMillis, @Nullable EngineClock clock) {
    this.silenceCheckMillis = silenceCheckMillis;
    this.resumable = resumable;
    this.api = api;
    this.streams = streams;
    this.callbackExecutor = callbackExecutor;
    this.backoff = backoff;
    this.listener = new GuardedListener(listener, this::reportToObservers);
    this.counters = counters;
    this.calls = calls;
    this.clock = clock != null ? clock : serial.systemClock();
    this.store = storeWriterFactory.create(this::onStoreError);
    store.onOverLimit(() -> post(() -> store.evict(pinnedThreads())));
    this.list = new ThreadListController(api, store, listPageSize, this::post, threads::contains);
    this.exitFlush = new ExitFlush(this::awaitWrittenAtExit);
    // Read off the engine thread (the cache may be slow to open); what an earlier client left queued still
    // goes before anything sent now.
    outbox.restore();
  }

  /** Creates the store writer once the engine can receive its errors. */
  public interface ThreadStoreWriterFactory {
    StoreWriter create(Consumer<StoreException> onError);
  }

  // ---------------------------------------------------------------- entry points (any thread)

  /** Observes thread {@code workflowId}, reading as {@code policy} says: by default its cache, then the server's. */
  public Subscription observeThread(String workflowId, ReadPolicy policy, ThreadObserver observer) {
    WorkflowIds.check(workflowId);
    Delivery<ThreadState> delivery = new Delivery<>(callbackExecutor, observer::onChanged, observer::onError,
        closed -> post(() -> detach(workflowId, closed)), observerThrew(() -> RoundRef.of(workflowId, 0)));
    post(() -> afterCacheOpened(policy, () -> attach(workflowId, delivery, policy)));
    return delivery;
  }

  /** Observes the thread list, reading as {@code policy} says: by default cached first, then refreshed. */
  public Subscription observeThreads(ReadPolicy policy, ThreadListObserver observer) {
    Delivery<ThreadListState> delivery = new Delivery<>(callbackExecutor, observer::onChanged, observer::onError,
        closed -> post(() -> list.detach(closed)), observerThrew(() -> RoundRef.NONE));
    post(() -> afterCacheOpened(policy, () -> {
      if (!closed) list.attach(delivery, policy);
    }));
    return delivery;
  }

  /**
   * Runs {@code attach}, an observer's, once the offline queue was read, unless {@code policy} reads the
   * network only: the store reads in order, so the cache cannot be shown before that read anyway, and a
   * refresh sent earlier could overtake the cache, which is to come first.
   */
  private void afterCacheOpened(ReadPolicy policy, Runnable attach) {
    if (policy == ReadPolicy.NETWORK_ONLY) {
      attach.run();
    } else {
      outbox.afterRestore(attach);
    }
  }

  /** The offline queue's sends not yet known to have arrived, in order; completes on the callback executor. */
  public CompletableFuture<List<SendCall>> queuedSends() {
    return afterRestore(outbox::sends);
  }

  /**
   * The ids of the threads that have prompts in the offline queue (engine thread only): their cache must be
   * kept, whatever the cache's size limit.
   */
  Set<String> threadsWithQueuedPrompts() {
    return outbox.threadIds();
  }

  /** Cancels {@code call} if it waits in the offline queue (see {@link SendCall#cancel()}). */
  CompletableFuture<Boolean> cancelQueued(SendCallImpl call) {
    return afterRestore(() -> outbox.cancel(call));
  }

  /**
   * What {@code task} returns (or throws) on the engine thread once the offline queue an earlier client left
   * was read, completed on the callback executor.
   */
  private <T> CompletableFuture<T> afterRestore(java.util.function.Supplier<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    post(() -> outbox.afterRestore(() -> {
      try {
        result.complete(task.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }));
    return result.thenApplyAsync(value -> value, callbackExecutor);
  }

  /** Re-reads the first page of the thread list. */
  public void refreshThreads() {
    post(list::refresh);
  }

  /** Loads the thread list's next page, if it has one. */
  public void loadMoreThreads() {
    post(list::loadMore);
  }

  /** The app read {@code thread} over REST: it feeds the model and the cache. */
  public void threadRead(ChatThread thread) {
    post(() -> serverReads.thread(thread));
  }

  /** The app read a page of threads over REST: they feed the thread list and the cache. */
  public void threadsRead(List<Workflow> workflows) {
    post(() -> serverReads.threads(workflows));
  }

  /** Sends {@code input}: posts it, streams the answer, follows the round to its end. */
  public SendCall send(UserInput input) {
    if (input.workflowId() != null) WorkflowIds.check(input.workflowId());
    SendCallImpl call = new SendCallImpl(this, input, sendIds.incrementAndGet());
    if (closed) {
      call.fail(new IllegalStateException("client is closed"));
      return call;
    }
    track(call);
    // Refused only when close() got in between: its end of the unended sends may have come before this one.
    if (!serial.execute(null, () -> startSend(call))) call.fail(new IllegalStateException("client is closed"));
    return call;
  }

  /**
   * The app says the network is gone: waiting recoveries pause, threads show their cache, OFFLINE, and the
   * thread list's refreshes wait for the network.
   */
  public void networkLost() {
    post(() -> {
      if (offline) return;
      offline = true;
      listener.networkChanged(false);
      list.pause();
      for (ThreadController c : threads.all()) c.goOffline();
    });
  }

  /**
   * The app says the network is back: a validated network is a fresh start, so failures so far no longer
   * count against the backoff's budget, and waiting recoveries retry at once (a round already in flight is
   * left as it is: no second recovery starts beside it).
   */
  public void networkAvailable() {
    post(() -> {
      boolean wasOffline = offline;
      offline = false;
      if (wasOffline) listener.networkChanged(true);
      list.resume();
      for (ThreadController c : threads.all()) c.networkBack();
      outbox.retry();
    });
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
        c.workflowUpdated(workflow);
      } else {
        store.write(ThreadChange.workflowOnly(workflow));
      }
      list.update(workflow);
    });
  }

  /** Waits until the cache holds every change made so far (for tests and orderly shutdown). */
  public boolean flushStore(long timeoutMillis) throws InterruptedException {
    CountDownLatch written = new CountDownLatch(1);
    // Through the engine thread, so that changes it has yet to hand to the writer are included; twice, so
    // that a change the engine makes of a cache read queued before (a REST read's write) is included too.
    post(() -> store.whenWritten(() -> post(() -> store.whenWritten(written::countDown))));
    return written.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops everything: streams, calls, timers; sends not yet ended fail. Queued cache writes still finish.
   * Runs {@code then} on the engine once that is done. Never blocks.
   */
  public void close(Runnable then) {
    if (closed) return;
    closed = true;
    post(() -> {
      for (ThreadController c : threads.all()) c.cancelNetwork();
      endUnendedSends();
      outbox.close();
      serial.shutdown();
      // Here, after every task before close: what they handed to the writer (an item just shown) is written.
      store.close(exitFlush::remove);
      then.run();
    });
  }

  /** Follows {@code call} until it ends, so that close() can end it if it has not. */
  private void track(SendCallImpl call) {
    unended.add(call);
    call.whenEnded(() -> unended.remove(call));
  }

  /** At close: every send not yet ended fails, so that nothing waits on its futures for ever. */
  private void endUnendedSends() {
    for (SendCallImpl call : new ArrayList<>(unended)) {
      call.fail(new CancellationException(outbox.isQueued(call)
          ? "the client was closed before this prompt left the offline queue: it stays queued in the cache, "
              + "and the next client on this cache sends it"
          : "the client was closed before this send ended"));
    }
  }

  /** At JVM exit: an open client flushes through the engine thread; a closed one finishes its close. */
  private void awaitWrittenAtExit(long timeoutMillis) throws InterruptedException {
    if (!closed) {
      flushStore(timeoutMillis);
    } else {
      store.awaitClosed(timeoutMillis);
    }
  }

  // ---------------------------------------------------------------- engine-thread internals

  /** Runs {@code task} on the engine thread; what it throws is reported to every observer and the listener. */
  void post(Runnable task) {
    serial.execute(null, task);
  }

  /** Runs {@code task} of thread {@code owner} on the engine thread; what it throws is reported to its observers. */
  void post(ThreadController owner, Runnable task) {
    serial.execute(owner, task);
  }

  /** Runs {@code task} of {@code owner} on the engine thread after {@code delayMillis}, unless closed by then. */
  EngineClock.Timer schedule(String name, ThreadController owner, Runnable task, long delayMillis) {
    return clock.schedule(name, delayMillis, () -> post(owner, () -> {
      if (!closed) task.run();
    }));
  }

  /** Runs {@code task} of {@code owner} now (on the engine thread), isolated as a task is. */
  void runIsolated(ThreadController owner, Runnable task) {
    serial.runIsolated(owner, task);
  }

  /**
   * A task threw: a bug, reported to its thread's observers (all of them when it has no owner) and to the
   * listener, so that it cannot vanish; the engine thread goes on with the next task.
   */
  private void taskThrew(ThreadController owner, Throwable thrown) {
    CallbackException error = SdkExceptions.get().callback("an engine task threw", thrown);
    if (owner != null) {
      // The round cannot go on from a state the task left half-changed: it ends with the error, so that no
      // send waits for ever.
      owner.failRound(error);
    } else {
      for (ThreadController c : threads.all()) c.publishError(error);
      list.publishError(error);
    }
    listener.unexpectedError(owner == null ? RoundRef.NONE : owner.ref(), error);
  }

  /** Tells the observers of thread {@code workflowId} (of every new thread when null) of {@code error}. */
  private void reportToObservers(@Nullable String workflowId, CallbackException error) {
    if (workflowId == null) {
      for (ThreadController c : threads.unnamed()) c.publishError(error);
      list.publishError(error);
    } else {
      ThreadController c = threads.get(workflowId);
      if (c != null) c.publishError(error);
    }
  }

  /** What an observer's delivery does with what the observer threw: tell the listener, on the engine thread. */
  Consumer<CallbackException> observerThrew(Supplier<RoundRef> round) {
    return error -> post(() -> listener.unexpectedError(round.get(), error));
  }

  private ThreadController controller(String workflowId) {
    return threads.getOrCreate(workflowId, id -> new ThreadController(this, id));
  }

  /** An app observes thread {@code workflowId} by {@code policy}: the thread counts as opened now, for eviction. */
  private void attach(String workflowId, Delivery<ThreadState> delivery, ReadPolicy policy) {
    if (closed || delivery.isClosed()) return;
    controller(workflowId).observe(delivery, policy);
    store.markOpened(workflowId);
  }

  /**
   * An app stops observing the thread: it counts as opened now too, so a thread first stored while it was
   * observed has an opening, and the thread seen last is the one kept longest.
   */
  private void detach(String workflowId, Delivery<ThreadState> delivery) {
    ThreadController c = threads.get(workflowId);
    if (c != null) c.detach(delivery);
    store.markOpened(workflowId);
  }

  /**
   * The threads eviction must keep: those the engine holds (observed, or with a round in flight: a send,
   * its stream or its recovery) and those with prompts waiting to be sent.
   */
  private Set<String> pinnedThreads() {
    Set<String> keep = threads.ids();
    keep.addAll(threadsWithQueuedPrompts());
    return keep;
  }

  private void startSend(SendCallImpl call) {
    if (closed) {
      call.fail(new IllegalStateException("client is closed"));
      return;
    }
    ThreadController c = controllerFor(call);
    long sentAtMillis = clock.nowMillis();
    if (outbox.isRestoring()) {
      // Shown at once; posted (or queued) after what an earlier client left queued, once that is read.
      c.hold(call, nextRound(c), sentAtMillis);
      outbox.afterRestore(() -> proceed(c, call, sentAtMillis));
      return;
    }
    proceed(c, call, sentAtMillis);
  }

  /** Posts {@code call}, sent at {@code sentAtMillis}, on {@code c}, or queues it while the network is gone. */
  private void proceed(ThreadController c, SendCallImpl call, long sentAtMillis) {
    if (closed) {
      call.fail(new IllegalStateException("client is closed"));
    } else if (!offline) {
      c.send(call, nextRound(c), knownBefore(c, call.input.prompt()), sentAtMillis);
    } else if (outbox.add(call)) {
      c.queue(call, nextRound(c), sentAtMillis);
    } else {
      // The store refused it (the call failed): a prompt shown while held goes.
      c.unqueue(call);
      c.releaseIfUnused();
    }
  }

  /** The send of {@code prompt}, which an earlier client left queued, shown as queued; null if closed. */
  @Nullable SendCallImpl restoredSend(QueuedPrompt prompt) {
    if (closed) return null;
    SendCallImpl call = new SendCallImpl(this, prompt.input(), sendIds.incrementAndGet());
    track(call);
    ThreadController c = controllerFor(call);
    c.queue(call, nextRound(c), prompt.queuedAtMillis());
    return call;
  }

  /** Posts {@code call}, which the offline queue has taken out of the store. */
  void postQueued(SendCallImpl call) {
    ThreadController c = call.controller();
    c.postQueued(call, knownBefore(c, call.input.prompt()));
  }

  /** The controller that {@code call}'s round runs on (a new one for a new thread), which it follows from now. */
  private ThreadController controllerFor(SendCallImpl call) {
    String workflowId = call.input.workflowId();
    ThreadController c;
    if (workflowId != null) {
      c = controller(workflowId);
      c.readCache();
      call.named(workflowId);
    } else {
      c = new ThreadController(this, null);
      threads.addUnnamed(c);
    }
    call.attachTo(c);
    return c;
  }

  /** The round a send to {@code c} starts: 1 for a new thread, null when the thread's round is not known. */
  private static @Nullable Integer nextRound(ThreadController c) {
    if (c.workflowId() == null) return 1;
    Workflow workflow = c.view.workflow();
    return workflow != null && workflow.currentRound() != null ? workflow.currentRound() + 1 : null;
  }

  /** The threads known before a send to new thread {@code c} (to find it among the listed if its id never came). */
  private Set<String> knownBefore(ThreadController c, String prompt) {
    if (c.workflowId() != null) return Collections.emptySet();
    Set<String> known = threads.ids();
    known.addAll(list.idsNamed(prompt));
    return known;
  }

  /** {@code c} no longer needs to be held: nobody observes it and nothing of it is in flight. */
  void release(ThreadController c) {
    threads.release(c);
  }

  /** New thread {@code c} learnt its id: it is held by it now; returns the controller it replaces, if any. */
  @Nullable ThreadController named(ThreadController c, String workflowId) {
    return threads.name(c, workflowId);
  }

  void forget(String workflowId) {
    ThreadController c = threads.remove(workflowId);
    store.deleteThread(workflowId);
    list.remove(workflowId);
    if (c != null) {
      c.forgotten(SdkExceptions.get().notFound("thread " + workflowId + " not found: deleted, or never existed", 404,
          null));
    }
  }

  /**
   * Reads the first page of the thread list (the server's default); completes on the engine thread. In a fresh
   * process the HTTP client is made after the cache reads asked for before (see {@link BackendApi#enqueueAfter}).
   */
  CompletableFuture<ThreadPage> listThreads() {
    return api.enqueueAfter(store::whenWritten, () -> api.listThreads(null),
        body -> BackendApi.readThreadPage(body, null), this::post);
  }

  /** Reads thread {@code workflowId}; completes on the engine thread. As for {@link #listThreads()}. */
  CompletableFuture<ChatThread> readThread(String workflowId) {
    return api.enqueueAfter(store::whenWritten, () -> api.getThread(workflowId), BackendApi::readThread, this::post);
  }

  /**
   * Runs {@code then} for {@code owner} when {@code call} (completed on the engine thread) is done, isolated:
   * a {@code whenComplete} action that throws would otherwise only fail a future nobody reads.
   */
  <T> void whenDone(ThreadController owner, CompletableFuture<T> call, BiConsumer<T, Throwable> then) {
    call.whenComplete((value, error) -> runIsolated(owner, () -> then.accept(value, error)));
  }

  private void onStoreError(StoreException error) {
    post(() -> reportStoreError(error));
  }

  /** Tells every observer of {@code error} (engine thread). */
  void reportStoreError(StoreException error) {
    for (ThreadController c : threads.all()) c.publishError(error);
    list.publishError(error);
  }
}
