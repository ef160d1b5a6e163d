package dev.threadline.testkit;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the simulated assistant does in one round (one user input): the logs it writes, how long it works,
 * and whether it answers or fails. Immutable; every {@code with}-style method returns a new round.
 *
 * <p>A replying round produces, in order: the user message (at once, before the stream's snapshot is read),
 * {@link #logs(int) logs} with rising {@code progress} (the first one re-emitted once with higher progress,
 * unless {@link #withoutLogUpdate()}), a {@code stat} item, the assistant message with {@link #text()},
 * and then the workflow's status becomes {@code completed}. A {@link #failure(String) failing} round writes
 * its logs, then an error log with the message, and the status becomes {@code error}.
 *
 * <p>Script rounds with {@link FakeChatbotServer#script()}; unscripted rounds use
 * a default reply that quotes the prompt (see {@link RoundScript#whenUnscripted(Round)}).
 */
public final class Round {
  private final @Nullable String text;
  private final @Nullable String failureMessage;
  private final int logs;
  private final boolean logUpdate;
  private final Duration thinking;

  private Round(@Nullable String text, @Nullable String failureMessage, int logs, boolean logUpdate, Duration thinking) {
    this.text = text;
    this.failureMessage = failureMessage;
    this.logs = logs;
    this.logUpdate = logUpdate;
    this.thinking = thinking;
  }

  /** A round that answers {@code text}, with 3 logs. */
  public static Round reply(String text) {
    return new Round(Objects.requireNonNull(text, "text"), null, 3, true, Duration.ZERO);
  }

  /** A round that fails with {@code message}: its status ends as {@code error}. */
  public static Round failure(String message) {
    return new Round(null, Objects.requireNonNull(message, "message"), 2, true, Duration.ZERO);
  }

  /**
   * A round that works silently for {@code duration} after its first log (no items, so the stream sends
   * keepalives and may hit its time limit), then answers. Stop it early with
   * {@code POST /api/chatbot/{id}/stop}.
   */
  public static Round longRun(Duration duration) {
    return reply("Sorry for the wait: here is the answer after a long run.").thinking(duration);
  }

  /** This round with {@code count} distinct log items (0 or more). */
  public Round logs(int count) {
    if (count < 0) throw new IllegalArgumentException("count < 0: " + count);
    return new Round(text, failureMessage, count, logUpdate, thinking);
  }

  /** This round without the re-emission of the first log with higher progress. */
  public Round withoutLogUpdate() {
    return new Round(text, failureMessage, logs, false, thinking);
  }

  /** This round, working silently for {@code duration} after its first log. */
  public Round thinking(Duration duration) {
    if (duration.isNegative()) throw new IllegalArgumentException("negative duration");
    return new Round(text, failureMessage, logs, logUpdate, duration);
  }

  /** The assistant's answer, or null for a failing round. */
  public @Nullable String text() {
    return text;
  }

  /** The failure message, or null for a replying round. */
  public @Nullable String failureMessage() {
    return failureMessage;
  }

  /** Whether this round ends with status {@code error}. */
  public boolean isFailure() {
    return failureMessage != null;
  }

  /** How many distinct log items the round writes. */
  public int logCount() {
    return logs;
  }

  /** Whether the first log is re-emitted (same id) with higher progress. */
  public boolean updatesLog() {
    return logUpdate;
  }

  /** How long the round works silently after its first log. Never null. */
  public Duration thinkingTime() {
    return thinking;
  }

  @Override public String toString() {
    return isFailure() ? "Round.failure(" + failureMessage + ")" : "Round.reply(" + text + ")"
        + ".logs(" + logs + ")" + (thinking.isZero() ? "" : ".thinking(" + thinking + ")");
  }
}
