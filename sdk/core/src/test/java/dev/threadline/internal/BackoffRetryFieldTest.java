package dev.threadline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.BackoffPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A server's SSE {@code retry:} sets the base delay only within the policy's floor and cap. */
class BackoffRetryFieldTest {
  // The top of every jitter range, so delays are the ceilings themselves.
  private final BackoffPolicy policy = BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(1_000))
      .withMaxDelay(Duration.ofMillis(30_000))
      .withBudget(Duration.ofMillis(300_000)).withRandom(() -> 0.999_999);

  @Test void retryZeroCannotMakeRecoverySpin() {
    Backoff backoff = new Backoff(policy);
    backoff.retryField(0);
    assertEquals(1_000, backoff.nextDelayMillis(0, null));
    assertEquals(2_000, backoff.nextDelayMillis(0, null));
  }

  @Test void aHugeRetryIsCappedAndDoesNotSpendTheBudgetAtOnce() {
    Backoff backoff = new Backoff(policy);
    backoff.retryField(Long.MAX_VALUE);
    long delay = backoff.nextDelayMillis(0, null);
    assertEquals(30_000, delay);
    assertTrue(backoff.nextDelayMillis(delay, null) > 0, "gave up at once");
  }

  @Test void aRetryWithinTheRangeSetsTheBase() {
    Backoff backoff = new Backoff(policy);
    backoff.retryField(5_000);
    assertEquals(5_000, backoff.nextDelayMillis(0, null));
    // A later, smaller retry starts from the configured policy again, not from the previous one.
    backoff.reset();
    backoff.retryField(2_000);
    assertEquals(2_000, backoff.nextDelayMillis(0, null));
  }
}
