package dev.threadline;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How long to wait before each recovery attempt: exponential backoff with full jitter, a cap, and a total
 * time budget. Immutable; derive variants with the {@code with…} methods.
 *
 * <p>The ceiling for attempt {@code n} (from 1) is {@code min(maxDelay, initialDelay × 2^(n-1))}, and the
 * delay is a uniform random value between 0 and that ceiling ("full jitter", so that many clients dropped
 * at once do not retry in step). When the server said how long to wait ({@code Retry-After} on 429 or 503)
 * the delay is at least that, capped at {@link #maxRetryAfter()}. Recovery gives up when the next try
 * would start more than {@link #budget()} after the first failure; a healthy stream of
 * {@link #resetAfter()} starts the count again.
 *
 * <p>Defaults: 1 s initial delay, 30 s cap, 5 min budget, reset after 60 s healthy, Retry-After honoured up
 * to 5 min.
 */
public final class BackoffPolicy {
  private static final BackoffPolicy DEFAULT = new BackoffPolicy(1_000, 30_000, 300_000, 60_000, 300_000, null);

  // Milliseconds inside: the engine's clock counts them, and the doubling is integer arithmetic.
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
      throw new IllegalArgumentException("invalid backoff: initial " + initialDelayMillis + " ms, max "
          + maxDelayMillis + " ms, budget " + budgetMillis + " ms, reset " + resetAfterMillis
          + " ms, retry-after cap " + maxRetryAfterMillis + " ms");
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

  /**
   * This policy with {@code initialDelay} as the first ceiling (and the base an SSE {@code retry:} field
   * sets); the highest ceiling is raised to it if it was lower.
   */
  public BackoffPolicy withInitialDelay(Duration initialDelay) {
    long millis = millis(initialDelay, "initialDelay");
    return new BackoffPolicy(millis, Math.max(millis, maxDelayMillis), budgetMillis, resetAfterMillis,
        maxRetryAfterMillis, random);
  }

  /** This policy never waiting longer than {@code maxDelay} between tries (unless the server asks to). */
  public BackoffPolicy withMaxDelay(Duration maxDelay) {
    return new BackoffPolicy(initialDelayMillis, millis(maxDelay, "maxDelay"), budgetMillis, resetAfterMillis,
        maxRetryAfterMillis, random);
  }

  /** This policy giving up when the next try would start more than {@code budget} after the first failure. */
  public BackoffPolicy withBudget(Duration budget) {
    return new BackoffPolicy(initialDelayMillis, maxDelayMillis, millis(budget, "budget"), resetAfterMillis,
        maxRetryAfterMillis, random);
  }

  /** This policy starting the count of tries again once a stream has been healthy for {@code resetAfter}. */
  public BackoffPolicy withResetAfter(Duration resetAfter) {
    return new BackoffPolicy(initialDelayMillis, maxDelayMillis, budgetMillis, millis(resetAfter, "resetAfter"),
        maxRetryAfterMillis, random);
  }

  /** This policy honouring a server's {@code Retry-After} up to {@code maxRetryAfter}, and no further. */
  public BackoffPolicy withMaxRetryAfter(Duration maxRetryAfter) {
    return new BackoffPolicy(initialDelayMillis, maxDelayMillis, budgetMillis, resetAfterMillis,
        millis(maxRetryAfter, "maxRetryAfter"), random);
  }

  /**
   * This policy drawing its jitter from {@code random}, which returns values in [0, 1) (for tests that need
   * exact delays). The default draws from {@link ThreadLocalRandom}.
   */
  public BackoffPolicy withRandom(DoubleSupplier random) {
    return new BackoffPolicy(initialDelayMillis, maxDelayMillis, budgetMillis, resetAfterMillis,
        maxRetryAfterMillis, random);
  }

  /** The ceiling of the first try's delay, which later tries double. */
  public Duration initialDelay() {
    return Duration.ofMillis(initialDelayMillis);
  }

  /** The highest ceiling: no delay of its own is longer. */
  public Duration maxDelay() {
    return Duration.ofMillis(maxDelayMillis);
  }

  /** How long after the first failure recovery gives up. */
  public Duration budget() {
    return Duration.ofMillis(budgetMillis);
  }

  /** How long a stream must be healthy before the count of tries starts again. */
  public Duration resetAfter() {
    return Duration.ofMillis(resetAfterMillis);
  }

  /** The longest {@code Retry-After} honoured: a server asking for more waits this long. */
  public Duration maxRetryAfter() {
    return Duration.ofMillis(maxRetryAfterMillis);
  }

  /** The ceiling for attempt {@code attempt} (from 1): the longest delay its jitter can draw. */
  public Duration ceiling(int attempt) {
    return Duration.ofMillis(ceilingMillis(attempt));
  }

  /**
   * The delay before attempt {@code attempt} (from 1): a random value in [0, ceiling], raised to the
   * server's {@code retryAfter} (capped at {@link #maxRetryAfter()}) when that is not null.
   */
  public Duration delay(int attempt, @Nullable Duration retryAfter) {
    long jittered = (long) (draw() * ((double) ceilingMillis(attempt) + 1));
    if (retryAfter == null) return Duration.ofMillis(jittered);
    return Duration.ofMillis(Math.max(jittered, Math.min(millis(retryAfter, "retryAfter"), maxRetryAfterMillis)));
  }

  private long ceilingMillis(int attempt) {
    if (attempt < 1) throw new IllegalArgumentException("attempt < 1: " + attempt);
    int doublings = Math.min(attempt - 1, 62);
    long ceiling = initialDelayMillis << doublings;
    if (ceiling < 0 || (initialDelayMillis != 0 && ceiling >>> doublings != initialDelayMillis)) return maxDelayMillis;
    return Math.min(maxDelayMillis, ceiling);
  }

  private double draw() {
    return random != null ? random.getAsDouble() : ThreadLocalRandom.current().nextDouble();
  }

  /** {@code duration} in milliseconds; a negative one is refused, one too long to count is the longest. */
  private static long millis(Duration duration, String name) {
    if (Objects.requireNonNull(duration, name).isNegative()) {
      throw new IllegalArgumentException(name + " is negative: " + duration);
    }
    try {
      return duration.toMillis();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  @Override public String toString() {
    return "BackoffPolicy(initial " + initialDelay() + ", max " + maxDelay() + ", budget " + budget()
        + ", reset after " + resetAfter() + ", retry-after cap " + maxRetryAfter() + ")";
  }
}
