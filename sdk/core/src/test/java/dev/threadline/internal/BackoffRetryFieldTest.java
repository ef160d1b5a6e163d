package dev.threadline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.BackoffPolicy;
import org.junit.jupiter.api.Test;

/** A server's SSE {@code retry:} sets the base delay only within the policy's floor and cap. */
class BackoffRetryFieldTest {
  // The top of every jitter range, so delays are the ceilings themselves.
  private final BackoffPolicy policy = BackoffPolicy.defaults().withInitialDelayMillis(1_000).withMaxDelayMillis(30_000)
      .withBudgetMillis(300_000).withRandom(() -> 0.999_999);

  @Test void retryZeroCannotMakeRecoverySpin() {
    Backoff backoff = new Backoff(policy);
    backoff.retryField(0);
    assertEquals(1_000, backoff.nextDelayMillis(0, -1));
    assertEquals(2_000, backoff.nextDelayMillis(0, -1));
  }

  @Test void aHugeRetryIsCappedAndDoesNotSpendTheBudgetAtOnce() {
    Backoff backoff = new Backoff(policy);
    backoff.retryField(Long.MAX_VALUE);
    long delay = backoff.nextDelayMillis(0, -1);
    assertEquals(30_000, delay);
    assertTrue(backoff.nextDelayMillis(delay, -1) > 0, "gave up at once");
  }

  @Test void aRetryWithinTheRangeSetsTheBase() {
    Backoff backoff = new Backoff(policy);
    backoff.retryField(5_000);
    assertEquals(5_000, backoff.nextDelayMillis(0, -1));
    // A later, smaller retry starts from the configured policy again, not from the previous one.
    backoff.reset();
    backoff.retryField(2_000);
    assertEquals(2_000, backoff.nextDelayMillis(0, -1));
  }
}
