package dev.threadline.internal;

/**
 * The engine's time: the clock it reads and the timers it sets. The system's in production
 * ({@link ThreadEngine}'s default); a test's where time must be driven step by step (the recovery spec), while
 * the network stays real.
 */
public interface EngineClock {
  /** Now, in epoch milliseconds. */
  long nowMillis();

  /**
   * Runs {@code task} (on any thread: it only hands work to the engine) once {@code delayMillis} have passed.
   * {@code name} says what the timer is for ("retry", "poll", "silence check"), for tests and diagnostics.
   */
  Timer schedule(String name, long delayMillis, Runnable task);

  /** A timer set by {@link #schedule}. */
  interface Timer {
    /** Stops the timer; its task will not run. Idempotent. */
    void cancel();
  }
}
