package dev.threadline.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The engine's one thread, guarded: tasks run one at a time, in order, and a task that throws is handed to
 * {@code onThrown} with the thread it belonged to (instead of vanishing into an executor's future), and the
 * next task runs. After {@link #shutdown()} tasks are dropped.
 */
final class SerialExecutor {
  private final ScheduledThreadPoolExecutor executor;
  private final BiConsumer<ThreadController, Throwable> onThrown;

  SerialExecutor(BiConsumer<ThreadController, Throwable> onThrown) {
    this.onThrown = onThrown;
    this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "threadline-engine");
      thread.setDaemon(true);
      return thread;
    });
    // A closed client's timers must not keep its thread alive until they would have fired.
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Runs {@code task} of thread {@code owner} (null: of the whole client) on the engine thread. */
  void execute(@Nullable ThreadController owner, Runnable task) {
    try {
      executor.execute(() -> runIsolated(owner, task));
    } catch (RejectedExecutionException e) {
      // Shut down: nothing more happens.
    }
  }

  /** Runs {@code task} now, on the engine thread (where this is called), isolated as a task is. */
  void runIsolated(@Nullable ThreadController owner, Runnable task) {
    Throwable thrown = Isolation.run(task);
    if (thrown != null) onThrown.accept(owner, thrown);
  }

  /** Drops the tasks queued and to come. */
  void shutdown() {
    executor.shutdown();
  }

  /** The system's time; timers on this executor's thread, so that none outlives a closed client. */
  EngineClock systemClock() {
    return new EngineClock() {
      @Override public long nowMillis() {
        return System.currentTimeMillis();
      }

      @Override public Timer schedule(String name, long delayMillis, Runnable task) {
        try {
          ScheduledFuture<?> future = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
          return () -> future.cancel(false);
        } catch (RejectedExecutionException shutDown) {
          return () -> { };
        }
      }
    };
  }
}
