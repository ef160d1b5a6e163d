package dev.threadline.testkit.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The backend's {@code 120/minute} limit: per user and route, a sliding window of one minute.
 * Thread-safe.
 */
public final class RateLimiter {
  private static final long WINDOW_NANOS = 60_000_000_000L;

  private final int perMinute;
  private final LongSupplier nanoTime;
  private final Map<String, Deque<Long>> hits = new HashMap<>();

  /** A limiter allowing {@code perMinute} requests per key and minute. */
  public RateLimiter(int perMinute, LongSupplier nanoTime) {
    this.perMinute = perMinute;
    this.nanoTime = nanoTime;
  }

  /** The configured limit per minute. */
  public int perMinute() {
    return perMinute;
  }

  /**
   * Counts a request for {@code key}.
   *
   * @return 0 if allowed, else the seconds (at least 1) until the next request would be allowed
   */
  public synchronized long acquire(String key) {
    long now = nanoTime.getAsLong();
    Deque<Long> window = hits.computeIfAbsent(key, k -> new ArrayDeque<>());
    while (!window.isEmpty() && now - window.peekFirst() >= WINDOW_NANOS) window.removeFirst();
    if (window.size() >= perMinute) {
      long waitNanos = window.peekFirst() + WINDOW_NANOS - now;
      return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }
    window.addLast(now);
    return 0;
  }
}
