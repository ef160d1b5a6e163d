package dev.threadline.internal;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The engine's serial executor: tasks run one at a time, in the order posted, each seeing what the one before
 * it did, and a task that throws is handed to {@code onThrown} with the thread it belonged to (instead of
 * vanishing into an executor's future), and the next task runs. After {@link #shutdown()} new tasks are
 * dropped; those already queued still run.
 *
 * <p>Tasks run on whichever SDK thread finds the executor idle: a task posted from one of the SDK's own
 * threads (a stream's reader, a short call's callback, a timer) while no task runs is run at once on that
 * thread, together with whatever is posted meanwhile, instead of being handed to a parked thread and woken
 * there. Such hand-offs were most of what a stream event waited for before it reached the screen (two per
 * send: the stream's opening and its first item, each a wake-up of tens of µs on 2 cores). A task posted
 * from any other thread (the app's: perhaps Android's main thread) is always handed to the executor's own
 * thread, so no engine work runs on the app's threads; that thread then reads the stream a send there opened
 * ({@link Trampoline}), so the POST leaves without another hand-off; so does a thread of the SDK's own HTTP
 * client that ran a send in place during a short call (a re-read's answer), once that call is done. At rest
 * nothing runs and nothing spins: the threads park, and those that tasks were handed to end after a few idle
 * seconds.
 */
final class SerialExecutor {
  /** The executor's timer thread. */
  private final ScheduledThreadPoolExecutor executor;
  /** The threads that run the tasks posted from threads that are not the SDK's. */
  private final ExecutorService handOff = DaemonThreads.pool("threadline-engine-", 10);
  private final BiConsumer<ThreadController, Throwable> onThrown;
  /** Guarded by {@code this}. */
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  /** Whether a thread is running the queued tasks; guarded by {@code this}. */
  private boolean draining;
  /** Guarded by {@code this}. */
  private boolean shutdown;

  SerialExecutor(BiConsumer<ThreadController, Throwable> onThrown) {
    this.onThrown = onThrown;
    this.executor = new ScheduledThreadPoolExecutor(1, runnable -> SdkThreads.daemon(runnable, "threadline-timers"));
    // A closed client's timers must not keep its thread alive until they would have fired.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Runs {@code task} of thread {@code owner} (null: of the whole client) after the tasks posted before it.
   *
   * @return false if it will not run: the executor was shut down
   */
  boolean execute(@Nullable ThreadController owner, Runnable task) {
    synchronized (this) {
      if (shutdown) return false;
      queue.add(() -> runIsolated(owner, task));
      if (draining) return true;
      draining = true;
    }
    if (SdkThreads.isCurrent()) {
      Trampoline.runInPlace(this::drain);
      return true;
    }
    try {
      handOff.execute(() -> Trampoline.runThenTakeOver(this::drain));
      return true;
    } catch (RejectedExecutionException e) {
      // Shut down meanwhile: nothing more happens.
      synchronized (this) {
        queue.clear();
        draining = false;
      }
      return false;
    }
  }

  /** Runs {@code task} now, in the task that calls this, isolated as a task is. */
  void runIsolated(@Nullable ThreadController owner, Runnable task) {
    Throwable thrown = Isolation.run(task);
    if (thrown != null) onThrown.accept(owner, thrown);
  }

  /** Drops the tasks to come and the timers set; the tasks already queued still run. */
  void shutdown() {
    synchronized (this) {
      shutdown = true;
    }
    executor.shutdown();
    handOff.shutdown();
  }

  /** Runs the queued tasks until there are none (the thread calling this holds {@link #draining}). */
  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          draining = false;
          return;
        }
      }
      next.run();
    }
  }

  /**
   * The system's time; timers on this executor's thread, so that none outlives a closed client.
   *
   * <p>A timer cancelled stays queued, holding nothing, until it is due, and is dropped then: every stream
   * sets one (its silence check) and cancels it when it ends, and a timer set while an earlier one is queued
   * need not wake the timer thread to be noted, which taking the earlier one out would (a thread wake-up on
   * each stream's opening, on the way to its first item).
   */
  EngineClock systemClock() {
    return new EngineClock() {
      @Override public long nowMillis() {
        return System.currentTimeMillis();
      }

      @Override public Timer schedule(String name, long delayMillis, Runnable task) {
        AtomicReference<@Nullable Runnable> pending = new AtomicReference<>(task);
        try {
          executor.schedule(() -> {
            Runnable due = pending.getAndSet(null);
            if (due != null) due.run();
          }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
          pending.set(null);
        }
        return () -> pending.set(null);
      }
    };
  }
}
