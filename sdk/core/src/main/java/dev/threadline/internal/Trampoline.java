package dev.threadline.internal;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Lets the thread that ran the engine's tasks go on to the long job those tasks started, instead of handing
 * the job to another thread and parking: a send's stream is read by the thread that ran the send, so the POST
 * leaves without a thread wake-up (tens of µs on 2 cores). A thread takes one job over, at most, and only
 * when it would be idle afterwards: a thread the engine handed its tasks to ({@link #runThenTakeOver}), or a
 * thread of the SDK's own HTTP client that ran the tasks in place during a short call
 * ({@link #runInPlace}), which takes the job over once that call is done. Anywhere else (a stream's reader,
 * a timer) a job goes to its pool as usual.
 */
final class Trampoline {
  /** The slot a job handed to an {@link #executor} goes to on this thread now, if any. */
  private static final ThreadLocal<Slot> TAKING = new ThreadLocal<>();
  /** The slot of the short call this thread runs, if it is a thread of {@link #takingOverAfterJobs}. */
  private static final ThreadLocal<Slot> AFTER_JOB = new ThreadLocal<>();

  private Trampoline() {}

  /** Runs {@code tasks}, then the one job they handed to an executor of {@link #executor}, if any. */
  static void runThenTakeOver(Runnable tasks) {
    Slot slot = new Slot();
    taking(slot, tasks);
    slot.runJob();
  }

  /**
   * Runs {@code tasks}, the engine's, in place on an SDK thread: on a thread of {@link #takingOverAfterJobs}
   * the one job they hand to an executor of {@link #executor} waits for the thread's current job to end and
   * is run then, by this thread; anywhere else it goes to its pool.
   */
  static void runInPlace(Runnable tasks) {
    Slot slot = AFTER_JOB.get();
    if (slot == null) {
      tasks.run();
    } else {
      taking(slot, tasks);
    }
  }

  private static void taking(Slot slot, Runnable tasks) {
    TAKING.set(slot);
    try {
      tasks.run();
    } finally {
      TAKING.remove();
    }
  }

  /** {@code pool}, except that a job given it while a thread's slot is open is run by that thread afterwards. */
  static ExecutorService executor(ExecutorService pool) {
    return new Forwarding(pool) {
      @Override public void execute(Runnable job) {
        Slot slot = TAKING.get();
        if (slot != null && slot.job == null) {
          slot.job = job;
        } else {
          pool.execute(job);
        }
      }
    };
  }

  /**
   * {@code pool} for short calls, whose threads, once a job is done, run the one job that the engine's tasks
   * they ran in place during it handed over ({@link #runInPlace}): a send made as a re-read's answer is
   * merged (the next prompt, right after a round ends) has its stream read by the re-read's thread, rather
   * than woken on another.
   */
  static ExecutorService takingOverAfterJobs(ExecutorService pool) {
    return new Forwarding(pool) {
      @Override public void execute(Runnable job) {
        pool.execute(() -> {
          Slot slot = new Slot();
          AFTER_JOB.set(slot);
          try {
            job.run();
          } finally {
            AFTER_JOB.remove();
          }
          slot.runJob();
        });
      }
    };
  }

  /** An executor service that is {@code pool} but for how jobs are executed. */
  private abstract static class Forwarding extends AbstractExecutorService {
    private final ExecutorService pool;

    Forwarding(ExecutorService pool) {
      this.pool = pool;
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
  }

  /** The job one thread takes over. */
  private static final class Slot {
    @Nullable Runnable job;

    void runJob() {
      Runnable taken = job;
      if (taken != null) taken.run();
    }
  }
}
