package dev.threadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.threadline.internal.Backoff;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/** The backoff math, exactly, with given random draws and times. */
class BackoffPolicyTest {
  /** Hands out the given draws in order. */
  private static BackoffPolicy drawing(BackoffPolicy policy, Double... draws) {
    Deque<Double> queue = new ArrayDeque<>(Arrays.asList(draws));
    return policy.withRandom(queue::removeFirst);
  }

  @Test void ceilingsDoubleFromTheInitialDelayUpToTheCap() {
    BackoffPolicy policy = BackoffPolicy.defaults();
    assertEquals(Duration.ofMillis(1_000), policy.ceiling(1));
    assertEquals(Duration.ofMillis(2_000), policy.ceiling(2));
    assertEquals(Duration.ofMillis(16_000), policy.ceiling(5));
    assertEquals(Duration.ofMillis(30_000), policy.ceiling(6));
    assertEquals(Duration.ofMillis(30_000), policy.ceiling(1_000));
  }

  @Test void fullJitterDrawsBetweenZeroAndTheCeiling() {
    BackoffPolicy policy = drawing(BackoffPolicy.defaults(), 0.0, 0.5, 0.999_999_9, 0.25);
    assertEquals(Duration.ofMillis(0), policy.delay(1, null));
    assertEquals(Duration.ofMillis(1_000), policy.delay(2, null));     // 0.5 × (2000 + 1)
    assertEquals(Duration.ofMillis(4_000), policy.delay(3, null));     // just under 1 × (4000 + 1)
    assertEquals(Duration.ofMillis(7_500), policy.delay(6, null));     // 0.25 × (30000 + 1)
  }

  @Test void retryAfterRaisesTheDelayToTheServersAdviceCapped() {
    BackoffPolicy policy = drawing(BackoffPolicy.defaults().withMaxRetryAfter(Duration.ofMillis(60_000)), 0.1, 0.9,
        0.1);
    assertEquals(Duration.ofMillis(5_000), policy.delay(1, Duration.ofMillis(5_000)));  // max(100, 5000)
    assertEquals(Duration.ofMillis(7_200), policy.delay(4, Duration.ofMillis(5_000)));  // max(0.9 × 8001, 5000)
    assertEquals(Duration.ofMillis(60_000), policy.delay(1, Duration.ofMillis(3_600_000)));
  }

  @Test void theBudgetEndsRecoveryAndAResetStartsItAgain() {
    BackoffPolicy policy = drawing(BackoffPolicy.defaults().withBudget(Duration.ofMillis(10_000)),
        1.0 - 1e-9, 1.0 - 1e-9, 1.0 - 1e-9, 1.0 - 1e-9, 0.0);
    Backoff backoff = new Backoff(policy);
    long now = 1_000_000;
    assertEquals(1_000, backoff.nextDelayMillis(now, null));
    now += 1_000;
    assertEquals(2_000, backoff.nextDelayMillis(now, null));
    now += 2_000;
    assertEquals(4_000, backoff.nextDelayMillis(now, null));
    now += 4_000;
    // Attempt 4 would start at 7 s + 8 s = 15 s after the first failure: past the 10 s budget.
    assertEquals(-1, backoff.nextDelayMillis(now, null));
    backoff.reset();
    assertEquals(0, backoff.nextDelayMillis(now, null));
    assertEquals(1, backoff.attempt());
  }

  @Test void aHealthyPeriodResetsTheAttemptCountAShortOneDoesNot() {
    Backoff backoff = new Backoff(drawing(BackoffPolicy.defaults(), 0.5, 0.5, 0.5));
    backoff.nextDelayMillis(0, null);
    backoff.nextDelayMillis(1_000, null);
    backoff.healthy(2_000, 2_000 + 59_999);
    assertEquals(2, backoff.attempt());
    backoff.healthy(2_000, 2_000 + 60_000);
    assertEquals(0, backoff.attempt());
    assertEquals(500, backoff.nextDelayMillis(70_000, null));
  }

  @Test void anSseRetryFieldSetsTheBaseDelay() {
    Backoff backoff = new Backoff(drawing(BackoffPolicy.defaults(), 0.5, 0.5));
    backoff.retryField(10_000);
    assertEquals(5_000, backoff.nextDelayMillis(0, null));
    assertEquals(10_000, backoff.nextDelayMillis(5_000, null));
  }

  @Test void durationsReadBackAsTheyWereSet() {
    BackoffPolicy policy = BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(250))
        .withMaxDelay(Duration.ofSeconds(8)).withBudget(Duration.ofMinutes(2)).withResetAfter(Duration.ofSeconds(20))
        .withMaxRetryAfter(Duration.ofSeconds(90));
    assertEquals(Duration.ofMillis(250), policy.initialDelay());
    assertEquals(Duration.ofSeconds(8), policy.maxDelay());
    assertEquals(Duration.ofMinutes(2), policy.budget());
    assertEquals(Duration.ofSeconds(20), policy.resetAfter());
    assertEquals(Duration.ofSeconds(90), policy.maxRetryAfter());
  }

  @Test void invalidPoliciesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BackoffPolicy.defaults().withMaxDelay(Duration.ofMillis(10)));
    assertThrows(NullPointerException.class, () -> BackoffPolicy.defaults().withBudget(null));
    assertThrows(IllegalArgumentException.class, () -> BackoffPolicy.defaults().withBudget(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> BackoffPolicy.defaults().ceiling(0));
  }
}
