package dev.threadline.internal;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.QueuedPrompt;
import dev.threadline.StoreException;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadStore;
import dev.threadline.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one path to the store, off the merge path. Changes are queued and written in batches (when
 * {@code maxBatchItems} items are waiting, or {@code maxDelayMillis} after the first one, and on close),
 * so a fast stream is not one transaction per item. Reads and deletes queue behind earlier writes, so a
 * read sees every write made before it and a delete is never undone by a late write.
 *
 * <p>Runs on its own daemon thread, which exists only while there is work and for a second after; a forgotten
 * client does not keep the JVM alive, and what is queued at exit is written by the client's {@link ExitFlush}.
 * A failed write is reported to {@code onError} and dropped; the store keeps what it held.
 *
 * <p>After a batch leaves the store over its size limit, the writer asks its owner (once, until that
 * eviction has run) which threads to keep, and the owner answers with {@link #evict}: eviction runs here,
 * off the app's and the engine's threads, in the order of the other operations.
 */
public final class StoreWriter {
  /** How long the writer's thread waits for more work before it ends. */
  static final long LINGER_MILLIS = 1_000;

  private final ThreadStore store;
  private final int maxBatchItems;
  private final long maxDelayMillis;
  private final Consumer<StoreException> onError;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  /** Asks for an {@link #evict}; set once, before the first write. */
  private volatile @Nullable Runnable requestEviction;
  /** Touched only on the writer's thread. */
  private boolean evictionRequested;
  private int queuedItems;
  private int barriers;
  private boolean waitingForBatch;
  private boolean running;
  private boolean closed;

  /** A writer to {@code store}. */
  public StoreWriter(ThreadStore store, int maxBatchItems, long maxDelayMillis, Consumer<StoreException> onError) {
    this.store = store;
    this.maxBatchItems = maxBatchItems;
    this.maxDelayMillis = maxDelayMillis;
    this.onError = onError;
  }

  /** Queues {@code change}. */
  public void write(ThreadChange change) {
    enqueue(change, itemCount(change));
  }

  /** Queues the deletion of a thread. */
  public void deleteThread(String workflowId) {
    enqueue((Op) () -> store.deleteThread(workflowId), 0);
  }

  /**
   * Has {@code requestEviction} run, on the writer's thread, when a write leaves the store over its size
   * limit; it is to answer with {@link #evict}. Not asked again until that eviction has run. Call before the
   * first write.
   */
  public void onOverLimit(Runnable requestEviction) {
    this.requestEviction = requestEviction;
  }

  /** Queues an eviction (see {@link ThreadStore#evict}) that keeps the threads {@code keep}. */
  public void evict(Set<String> keep) {
    enqueue((Op) () -> {
      evictionRequested = false;
      store.evict(keep);
    }, 0);
  }

  /** Queues a record that thread {@code workflowId} was opened (see {@link ThreadStore#markOpened}). */
  public void markOpened(String workflowId) {
    enqueue((Op) () -> store.markOpened(workflowId), 0);
  }

  /** Queues a read of one thread; {@code result} gets the thread, or null (also when the read failed). */
  public void loadThread(String workflowId, Consumer<@Nullable ChatThread> result) {
    enqueue((Op) () -> {
      ChatThread thread = null;
      try {
        thread = store.loadThread(workflowId);
      } finally {
        result.accept(thread);
      }
    }, 0);
  }

  /** Queues a read of the thread list; {@code result} gets it (empty when the read failed). */
  public void loadThreads(int limit, Consumer<List<Workflow>> result) {
    enqueue((Op) () -> {
      List<Workflow> threads = new ArrayList<>();
      try {
        threads = store.loadThreads(0, limit);
      } finally {
        result.accept(threads);
      }
    }, 0);
  }

  /**
   * Queues a read of the offline queue's prompts ({@link ThreadStore#loadQueuedPrompts()}): {@code result}
   * gets them, or {@code failed} why they could not be read. The other queue operations are not batched:
   * each is its own transaction on the calling thread, done when it returns.
   */
  public void loadQueuedPrompts(Consumer<List<QueuedPrompt>> result, Consumer<StoreException> failed) {
    enqueue((Op) () -> {
      List<QueuedPrompt> prompts;
      try {
        prompts = direct(store::loadQueuedPrompts);
      } catch (StoreException e) {
        failed.accept(e);
        return;
      }
      result.accept(prompts);
    }, 0);
  }

  /** Stores {@code prompt} in the offline queue, durably, on the calling thread. */
  public void queuePrompt(QueuedPrompt prompt) {
    direct(() -> {
      store.queuePrompt(prompt);
      return null;
    });
  }

  /** Removes queued prompt {@code id}, durably, on the calling thread; whether it was queued. */
  public boolean removeQueuedPrompt(String id) {
    return direct(() -> store.removeQueuedPrompt(id));
  }

  private static <T> T direct(java.util.function.Supplier<T> operation) {
    try {
      return operation.get();
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreException("offline queue operation failed: " + e, e);
    }
  }

  /** Runs {@code done} on the writer's thread once everything queued before this call is written. */
  public void whenWritten(Runnable done) {
    enqueue((Op) done::run, 0);
  }

  /** Writes what is queued, then closes the store, on the writer's thread. Never blocks. */
  public void close() {
    close(() -> { });
  }

  /** Like {@link #close()}, then runs {@code afterClose} on the writer's thread. */
  public void close(Runnable afterClose) {
    synchronized (this) {
      if (closed) return;
      closed = true;
      queue.add((Op) store::close);
      queue.add((Op) afterClose::run);
      notifyAll();
      if (running) return;
      running = true;
    }
    startThread();
  }

  private void enqueue(Object op, int items) {
    synchronized (this) {
      if (closed) return;
      queue.add(op);
      queuedItems += items;
      if (!(op instanceof ThreadChange)) barriers++;
      // Wake the writer only when there is something to do now: it is idle, the batch is full, or an op
      // that must not wait (a read, a delete, a flush) arrived. Otherwise it wakes at its batch deadline,
      // so a fast stream does not pay a thread wake-up per event.
      if (!waitingForBatch || queuedItems >= maxBatchItems || barriers > 0) notifyAll();
      if (running) return;
      running = true;
    }
    startThread();
  }

  private void startThread() {
    // A daemon (the JVM may exit while it lingers; at exit, ExitFlush waits for what is queued), and one of the
    // SDK's own: what a read hands to the engine (a cached thread, the offline queue) runs on it at once when
    // the engine is idle, rather than waking another thread for it (two hand-offs before a cached thread shows).
    SdkThreads.daemon(this::drain, "threadline-store-writer").start();
  }

  private void drain() {
    while (true) {
      List<ThreadChange> batch = new ArrayList<>();
      Object barrier;
      synchronized (this) {
        if (!awaitWork()) {
          running = false;
          notifyAll();
          return;
        }
        awaitBatch();
        while (!queue.isEmpty() && queue.peek() instanceof ThreadChange) batch.add((ThreadChange) queue.poll());
        barrier = queue.poll();
        if (barrier != null) barriers--;
        queuedItems = 0;
        for (Object op : queue) if (op instanceof ThreadChange) queuedItems += itemCount((ThreadChange) op);
      }
      if (!batch.isEmpty()) {
        apply(coalesce(batch));
        run(this::requestEvictionIfOverLimit);
      }
      if (barrier != null) run((Op) barrier);
    }
  }

  /**
   * Waits until the writer is closed and has written everything and closed the store; false if
   * {@code timeoutMillis} ran out first.
   */
  public synchronized boolean awaitClosed(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (!closed || running) {
      long waitNanos = deadline - System.nanoTime();
      if (waitNanos <= 0) return false;
      TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
    }
    return true;
  }

  /**
   * Waits (holding the lock) for work, lingering a little after the queue empties so that a stream's next
   * event does not start a new thread; false when none came (or the writer is closed) and the thread may end.
   */
  private boolean awaitWork() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
    while (queue.isEmpty()) {
      long waitNanos = deadline - System.nanoTime();
      if (closed || waitNanos <= 0) return false;
      try {
        TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !queue.isEmpty();
      }
    }
    return true;
  }

  /** Waits (holding the lock) until the batch is full, a non-write op is queued, time is up, or closing. */
  private void awaitBatch() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxDelayMillis);
    waitingForBatch = true;
    try {
      while (!closed && queuedItems < maxBatchItems && barriers == 0) {
        long waitNanos = deadline - System.nanoTime();
        if (waitNanos <= 0) return;
        TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waitingForBatch = false;
    }
  }

  private static int itemCount(ThreadChange change) {
    return change.upserts().size() + change.removedKeys().size() + 1;
  }

  /**
   * Merges runs of consecutive changes to one thread into one change (the engine writes a change per
   * event), so the store rewrites each thread's workflow once per batch rather than once per item. A later
   * change that removes items starts a new run, which keeps removals before the upserts that follow them.
   */
  static List<ThreadChange> coalesce(List<ThreadChange> batch) {
    List<ThreadChange> merged = new ArrayList<>();
    int start = 0;
    while (start < batch.size()) {
      ThreadChange first = batch.get(start);
      int end = start + 1;
      while (end < batch.size() && batch.get(end).workflowId().equals(first.workflowId())
          && batch.get(end).removedKeys().isEmpty()) {
        end++;
      }
      if (end == start + 1) {
        merged.add(first);
      } else {
        List<ChatItem> upserts = new ArrayList<>();
        for (int i = start; i < end; i++) upserts.addAll(batch.get(i).upserts());
        merged.add(new ThreadChange(batch.get(end - 1).workflow(), upserts, first.removedKeys()));
      }
      start = end;
    }
    return merged;
  }

  private void apply(List<ThreadChange> batch) {
    try {
      store.apply(batch);
    } catch (StoreException e) {
      onError.accept(e);
    } catch (RuntimeException e) {
      onError.accept(new StoreException("cache write failed: " + e, e));
    }
  }

  private void requestEvictionIfOverLimit() {
    if (requestEviction == null || evictionRequested || store.sizeLimitBytes() == ThreadStore.UNLIMITED) return;
    if (store.sizeBytes() <= store.sizeLimitBytes()) return;
    evictionRequested = true;
    requestEviction.run();
  }

  private void run(Op op) {
    try {
      op.run();
    } catch (StoreException e) {
      onError.accept(e);
    } catch (RuntimeException e) {
      onError.accept(new StoreException("cache operation failed: " + e, e));
    }
  }

  private interface Op {
    void run();
  }
}
