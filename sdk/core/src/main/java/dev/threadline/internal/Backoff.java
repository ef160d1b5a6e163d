package dev.threadline.internal;

import dev.threadline.BackoffPolicy;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One thread's run of consecutive failures under a {@link BackoffPolicy}: which attempt is next, since
 * when it has been failing, and whether the budget is spent. Time is passed in, so the rules can be
 * tested exactly. Not thread-safe (the engine thread owns it).
 */
public final class Backoff {
  private final BackoffPolicy configured;
  private BackoffPolicy policy;
  private int attempt;
  private long failingSinceMillis = -1;

  /** A run under {@code policy}, with no failure yet. */
  public Backoff(BackoffPolicy policy) {
    this.configured = policy;
    this.policy = policy;
  }

  /**
   * Records a failure at {@code nowMillis} and returns the delay before the next attempt, or -1 when that
   * attempt would start after the budget ends. {@code retryAfter} is the server's advice, or null.
   */
  public long nextDelayMillis(long nowMillis, @Nullable Duration retryAfter) {
    if (failingSinceMillis < 0) failingSinceMillis = nowMillis;
    attempt++;
    long delay = policy.delay(attempt, retryAfter).toMillis();
    if (nowMillis + delay - failingSinceMillis > policy.budget().toMillis()) return -1;
    return delay;
  }

  /** The number of the attempt the last delay was for (0 when not failing). */
  public int attempt() {
    return attempt;
  }

  /** Whether a run of failures is going on. */
  public boolean isFailing() {
    return failingSinceMillis >= 0;
  }

  /** A stream healthy since {@code healthySinceMillis}: after the policy's reset period, failures start over. */
  public void healthy(long healthySinceMillis, long nowMillis) {
    if (isFailing() && nowMillis - healthySinceMillis >= policy.resetAfter().toMillis()) reset();
  }

  /** Starts over: the next failure is attempt 1 with a fresh budget. */
  public void reset() {
    attempt = 0;
    failingSinceMillis = -1;
  }

  /**
   * The server's SSE {@code retry:} field: its value becomes the base delay, clamped between the
   * configured policy's initial delay (its floor: {@code retry: 0} must not make recovery spin) and its
   * cap (a huge value must not spend the budget on one wait).
   */
  public void retryField(long millis) {
    if (millis < 0) return;
    long clamped = Math.max(configured.initialDelay().toMillis(), Math.min(millis, configured.maxDelay().toMillis()));
    policy = configured.withInitialDelay(Duration.ofMillis(clamped));
  }
}
