package dev.threadline.testkit.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Counts open streams and lets callers wait for a condition on the server's state without sleeping: every
 * state change bumps a version and wakes the waiters, which re-check their condition. The condition is
 * evaluated outside this object's lock, so it may take the repository's lock. Thread-safe.
 */
public final class Activity {
  private long version;
  private int openStreams;

  /** Wakes waiters: something changed. */
  public synchronized void changed() {
    version++;
    notifyAll();
  }

  synchronized void streamOpened() {
    openStreams++;
    changed();
  }

  synchronized void streamClosed() {
    openStreams--;
    changed();
  }

  /** How many stream bodies are being written now. */
  public synchronized int openStreams() {
    return openStreams;
  }

  /**
   * Waits until {@code condition} holds.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@code timeout}
   */
  public void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen;
      synchronized (this) {
        seen = version;
      }
      if (condition.getAsBoolean()) return;
      synchronized (this) {
        while (version == seen) {
          long left = deadline - System.nanoTime();
          if (left <= 0) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
          try {
            wait(Math.max(1, left / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
          }
        }
      }
    }
  }
}
