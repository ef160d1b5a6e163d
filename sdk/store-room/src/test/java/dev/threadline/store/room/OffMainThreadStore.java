package dev.threadline.store.room;

import android.os.Looper;
import dev.threadline.ChatThread;
import dev.threadline.QueuedPrompt;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadStore;
import dev.threadline.Workflow;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A store whose calls made on the main thread run on a worker thread, as the client's store writer runs
 * them. Robolectric runs tests on the main thread, where Room refuses blocking queries; calls from other
 * threads (a test's own pool) go straight through, so concurrency tests stay concurrent.
 */
final class OffMainThreadStore implements ThreadStore {
  private final ThreadStore store;
  private final ThreadPoolExecutor worker;

  OffMainThreadStore(ThreadStore store) {
    this.store = store;
    this.worker = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread thread = new Thread(r, "store-worker");
      thread.setDaemon(true);
      return thread;
    });
    // The worker ends when idle, so no shutdown is needed and calls after close() still reach the store.
    worker.allowCoreThreadTimeOut(true);
  }

  @Override public List<Workflow> loadThreads(int offset, int limit) {
    return offMain(() -> store.loadThreads(offset, limit));
  }

  @Override public ChatThread loadThread(String workflowId) {
    return offMain(() -> store.loadThread(workflowId));
  }

  @Override public void apply(List<ThreadChange> changes) {
    offMain(() -> {
      store.apply(changes);
      return null;
    });
  }

  @Override public void deleteThread(String workflowId) {
    offMain(() -> {
      store.deleteThread(workflowId);
      return null;
    });
  }

  @Override public void clear() {
    offMain(() -> {
      store.clear();
      return null;
    });
  }

  @Override public long sizeBytes() {
    return offMain(store::sizeBytes);
  }

  @Override public long sizeLimitBytes() {
    return store.sizeLimitBytes();
  }

  @Override public void markOpened(String workflowId) {
    offMain(() -> {
      store.markOpened(workflowId);
      return null;
    });
  }

  @Override public List<QueuedPrompt> loadQueuedPrompts() {
    return offMain(store::loadQueuedPrompts);
  }

  @Override public void queuePrompt(QueuedPrompt prompt) {
    offMain(() -> {
      store.queuePrompt(prompt);
      return null;
    });
  }

  @Override public List<String> evict(Set<String> keep) {
    return offMain(() -> store.evict(keep));
  }

  @Override public boolean removeQueuedPrompt(String id) {
    return offMain(() -> store.removeQueuedPrompt(id));
  }

  /** Closing does no query, so Room allows it on the main thread. */
  @Override public void close() {
    store.close();
  }

  private <T> T offMain(Callable<T> call) {
    try {
      if (!Looper.getMainLooper().isCurrentThread()) return call.call();
      Future<T> result = worker.submit(call);
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) throw (RuntimeException) cause;
      if (cause instanceof Error) throw (Error) cause;
      throw new IllegalStateException(cause);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
