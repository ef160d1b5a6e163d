package dev.threadline.testkit.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open stream's queue of a workflow's events, like the backend's per-workflow event queue. The producer
 * side never blocks; {@link #close()} wakes the consumer for good. Thread-safe.
 */
public final class Subscription {
  private static final StreamEvent CLOSED = StreamEvent.end("closed");

  private final BlockingQueue<StreamEvent> queue = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  /** Adds an event for the consumer. */
  public void offer(StreamEvent event) {
    if (!closed) queue.add(event);
  }

  /**
   * Waits up to {@code timeoutNanos} for the next event.
   *
   * @return the event, null on timeout, or an end with status {@code closed} once closed
   */
  public StreamEvent poll(long timeoutNanos) throws InterruptedException {
    if (closed) return CLOSED;
    StreamEvent event = queue.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    return closed ? CLOSED : event;
  }

  /** Ends the subscription: the consumer's next poll returns at once. */
  public void close() {
    closed = true;
    queue.add(CLOSED);
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }
}
