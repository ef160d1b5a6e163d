package dev.threadline.internal;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Lets the thread that ran the engine's tasks for the app go on to the long job those tasks started, instead
 * of handing the job to another thread and parking: a send's stream is read by the thread that ran the send,
 * so the POST leaves without a thread wake-up (tens of µs on 2 cores). Only a thread inside
 * {@link #runThenTakeOver} takes a job over, one at most; anywhere else a job goes to its pool as usual.
 */
final class Trampoline {
  private static final ThreadLocal<Slot> SLOT = new ThreadLocal<>();

  private Trampoline() {}

  /** Runs {@code tasks}, then the one job they handed to an executor of {@link #executor}, if any. */
  static void runThenTakeOver(Runnable tasks) {
    Slot slot = new Slot();
    SLOT.set(slot);
    try {
      tasks.run();
    } finally {
      SLOT.remove();
    }
    if (slot.job != null) slot.job.run();
  }

  /** {@code pool}, except that a job given it inside {@link #runThenTakeOver} is run by that thread afterwards. */
  static ExecutorService executor(ExecutorService pool) {
    return new AbstractExecutorService() {
      @Override public void execute(Runnable job) {
        Slot slot = SLOT.get();
        if (slot != null && slot.job == null) {
          slot.job = job;
        } else {
          pool.execute(job);
        }
      }

      @Override public void shutdown() {
        pool.shutdown();
      }

      @Override public List<Runnable> shutdownNow() {
        return pool.shutdownNow();
      }

      @Override public boolean isShutdown() {
        return pool.isShutdown();
      }

      @Override public boolean isTerminated() {
        return pool.isTerminated();
      }

      @Override public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
      }
    };
  }

  /** The job one thread takes over. */
  private static final class Slot {
    @org.jspecify.annotations.Nullable Runnable job;
  }
}
