package dev.threadline;

import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How long to wait before each recovery attempt: exponential backoff with full jitter, a cap, and a total
 * time budget. Immutable; derive variants with the {@code with…} methods.
 *
 * <p>The ceiling for attempt {@code n} (from 1) is {@code min(maxDelay, initialDelay × 2^(n-1))}, and the
 * delay is a uniform random value between 0 and that ceiling ("full jitter", so that many clients dropped
 * at once do not retry in step). When the server said how long to wait ({@code Retry-After} on 429 or 503)
 * the delay is at least that, capped at {@link #maxRetryAfterMillis()}. Recovery gives up when the next try
 * would start more than {@link #budgetMillis()} after the first failure; a healthy stream of
 * {@link #resetAfterMillis()} starts the count again.
 *
 * <p>Defaults: 1 s initial delay, 30 s cap, 5 min budget, reset after 60 s healthy, Retry-After honoured up
 * to 5 min.
 */
public final class BackoffPolicy {
  private static final BackoffPolicy DEFAULT = new BackoffPolicy(1_000, 30_000, 300_000, 60_000, 300_000, null);

  private final long initialDelayMillis;
  private final long maxDelayMillis;
  private final long budgetMillis;
  private final long resetAfterMillis;
  private final long maxRetryAfterMillis;
  private final @Nullable DoubleSupplier random;

  private BackoffPolicy(long initialDelayMillis, long maxDelayMillis, long budgetMillis, long resetAfterMillis,
      long maxRetryAfterMillis, @Nullable DoubleSupplier random) {
    if (initialDelayMillis < 0 || maxDelayMillis < initialDelayMillis || budgetMillis < 0 || resetAfterMillis < 0
        || maxRetryAfterMillis < 0) {
      throw new IllegalArgumentException("invalid backoff: initial " + initialDelayMillis + " max " + maxDelayMillis
          + " budget " + budgetMillis + " reset " + resetAfterMillis + " retry-after cap " + maxRetryAfterMillis);
    }
    this.initialDelayMillis = initialDelayMillis;
    this.maxDelayMillis = maxDelayMillis;
    this.budgetMillis = budgetMillis;
    this.resetAfterMillis = resetAfterMillis;
    this.maxRetryAfterMillis = maxRetryAfterMillis;
    this.random = random;
  }

  /** The default policy. */
  public static BackoffPolicy defaults() {
    return DEFAULT;
  }

  /** This policy with {@code millis} as the first ceiling (and the base an SSE {@code retry:} field sets). */
  public BackoffPolicy withInitialDelayMillis(long millis) {
    return new BackoffPolicy(millis, Math.max(millis, maxDelayMillis), budgetMillis, resetAfterMillis,
        maxRetryAfterMillis, random);
  }

  /** This policy with {@code millis} as the highest ceiling. */
  public BackoffPolicy withMaxDelayMillis(long millis) {
    return new BackoffPolicy(initialDelayMillis, millis, budgetMillis, resetAfterMillis, maxRetryAfterMillis, random);
  }

  /** This policy giving up {@code millis} after the first failure. */
  public BackoffPolicy withBudgetMillis(long millis) {
    return new BackoffPolicy(initialDelayMillis, maxDelayMillis, millis, resetAfterMillis, maxRetryAfterMillis, random);
  }

  /** This policy starting the count again after {@code millis} of healthy streaming. */
  public BackoffPolicy withResetAfterMillis(long millis) {
    return new BackoffPolicy(initialDelayMillis, maxDelayMillis, budgetMillis, millis, maxRetryAfterMillis, random);
  }

  /** This policy honouring a server's {@code Retry-After} up to {@code millis}. */
  public BackoffPolicy withMaxRetryAfterMillis(long millis) {
    return new BackoffPolicy(initialDelayMillis, maxDelayMillis, budgetMillis, resetAfterMillis, millis, random);
  }

  /**
   * This policy drawing its jitter from {@code random}, which returns values in [0, 1) (for tests that need
   * exact delays). The default draws from {@link java.util.concurrent.ThreadLocalRandom}.
   */
  public BackoffPolicy withRandom(DoubleSupplier random) {
    return new BackoffPolicy(initialDelayMillis, maxDelayMillis, budgetMillis, resetAfterMillis,
        maxRetryAfterMillis, random);
  }

  /** The first ceiling. */
  public long initialDelayMillis() {
    return initialDelayMillis;
  }

  /** The highest ceiling. */
  public long maxDelayMillis() {
    return maxDelayMillis;
  }

  /** How long after the first failure recovery gives up. */
  public long budgetMillis() {
    return budgetMillis;
  }

  /** How long a stream must be healthy before the attempt count starts again. */
  public long resetAfterMillis() {
    return resetAfterMillis;
  }

  /** The longest {@code Retry-After} honoured. */
  public long maxRetryAfterMillis() {
    return maxRetryAfterMillis;
  }

  /** The ceiling for attempt {@code attempt} (from 1). */
  public long ceilingMillis(int attempt) {
    if (attempt < 1) throw new IllegalArgumentException("attempt < 1: " + attempt);
    int doublings = Math.min(attempt - 1, 62);
    long ceiling = initialDelayMillis << doublings;
    if (ceiling < 0 || (initialDelayMillis != 0 && ceiling >>> doublings != initialDelayMillis)) return maxDelayMillis;
    return Math.min(maxDelayMillis, ceiling);
  }

  /**
   * The delay before attempt {@code attempt} (from 1): a random value in [0, ceiling], raised to the
   * server's {@code retryAfterMillis} (capped) when that is not negative.
   */
  public long delayMillis(int attempt, long retryAfterMillis) {
    double draw = (random != null ? random : ThreadLocalDraw.INSTANCE).getAsDouble();
    long jittered = (long) (draw * (ceilingMillis(attempt) + 1));
    if (retryAfterMillis < 0) return jittered;
    return Math.max(jittered, Math.min(retryAfterMillis, maxRetryAfterMillis));
  }

  @Override public String toString() {
    return "BackoffPolicy(initial " + initialDelayMillis + " ms, max " + maxDelayMillis + " ms, budget "
        + budgetMillis + " ms, reset after " + resetAfterMillis + " ms)";
  }

  private enum ThreadLocalDraw implements DoubleSupplier {
    INSTANCE;

    @Override public double getAsDouble() {
      return java.util.concurrent.ThreadLocalRandom.current().nextDouble();
    }
  }
}
