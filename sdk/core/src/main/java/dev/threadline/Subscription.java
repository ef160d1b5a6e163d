package dev.threadline;

/** An observer's registration. Closing it stops delivery at once; it does not stop the workflow. */
public interface Subscription extends AutoCloseable {
  /**
   * Stops delivery: no call reaches the observer after this returns (one already running on another thread
   * may finish). Idempotent; never blocks or does I/O.
   */
  @Override void close();
}
