package dev.threadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.threadline.internal.Backoff;
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
    assertEquals(1_000, policy.ceilingMillis(1));
    assertEquals(2_000, policy.ceilingMillis(2));
    assertEquals(16_000, policy.ceilingMillis(5));
    assertEquals(30_000, policy.ceilingMillis(6));
    assertEquals(30_000, policy.ceilingMillis(1_000));
  }

  @Test void fullJitterDrawsBetweenZeroAndTheCeiling() {
    BackoffPolicy policy = drawing(BackoffPolicy.defaults(), 0.0, 0.5, 0.999_999_9, 0.25);
    assertEquals(0, policy.delayMillis(1, -1));
    assertEquals(1_000, policy.delayMillis(2, -1));     // 0.5 × (2000 + 1)
    assertEquals(4_000, policy.delayMillis(3, -1));     // just under 1 × (4000 + 1)
    assertEquals(7_500, policy.delayMillis(6, -1));     // 0.25 × (30000 + 1)
  }

  @Test void retryAfterRaisesTheDelayToTheServersAdviceCapped() {
    BackoffPolicy policy = drawing(BackoffPolicy.defaults().withMaxRetryAfterMillis(60_000), 0.1, 0.9, 0.1);
    assertEquals(5_000, policy.delayMillis(1, 5_000));  // max(100, 5000)
    assertEquals(7_200, policy.delayMillis(4, 5_000));  // max(0.9 × 8001, 5000)
    assertEquals(60_000, policy.delayMillis(1, 3_600_000));
  }

  @Test void theBudgetEndsRecoveryAndAResetStartsItAgain() {
    BackoffPolicy policy = drawing(BackoffPolicy.defaults().withBudgetMillis(10_000),
        1.0 - 1e-9, 1.0 - 1e-9, 1.0 - 1e-9, 1.0 - 1e-9, 0.0);
    Backoff backoff = new Backoff(policy);
    long now = 1_000_000;
    assertEquals(1_000, backoff.nextDelayMillis(now, -1));
    now += 1_000;
    assertEquals(2_000, backoff.nextDelayMillis(now, -1));
    now += 2_000;
    assertEquals(4_000, backoff.nextDelayMillis(now, -1));
    now += 4_000;
    // Attempt 4 would start at 7 s + 8 s = 15 s after the first failure: past the 10 s budget.
    assertEquals(-1, backoff.nextDelayMillis(now, -1));
    backoff.reset();
    assertEquals(0, backoff.nextDelayMillis(now, -1));
    assertEquals(1, backoff.attempt());
  }

  @Test void aHealthyPeriodResetsTheAttemptCountAShortOneDoesNot() {
    Backoff backoff = new Backoff(drawing(BackoffPolicy.defaults(), 0.5, 0.5, 0.5));
    backoff.nextDelayMillis(0, -1);
    backoff.nextDelayMillis(1_000, -1);
    backoff.healthy(2_000, 2_000 + 59_999);
    assertEquals(2, backoff.attempt());
    backoff.healthy(2_000, 2_000 + 60_000);
    assertEquals(0, backoff.attempt());
    assertEquals(500, backoff.nextDelayMillis(70_000, -1));
  }

  @Test void anSseRetryFieldSetsTheBaseDelay() {
    Backoff backoff = new Backoff(drawing(BackoffPolicy.defaults(), 0.5, 0.5));
    backoff.retryField(10_000);
    assertEquals(5_000, backoff.nextDelayMillis(0, -1));
    assertEquals(10_000, backoff.nextDelayMillis(5_000, -1));
  }

  @Test void invalidPoliciesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BackoffPolicy.defaults().withMaxDelayMillis(10));
    assertThrows(IllegalArgumentException.class, () -> BackoffPolicy.defaults().withBudgetMillis(-1));
    assertThrows(IllegalArgumentException.class, () -> BackoffPolicy.defaults().ceilingMillis(0));
  }
}
