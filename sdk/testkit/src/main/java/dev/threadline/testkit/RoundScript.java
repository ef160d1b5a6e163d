package dev.threadline.testkit;

import dev.threadline.testkit.internal.RoundQueue;
import java.util.Objects;

/**
 * What the simulated assistant does in the coming rounds, in order: each {@code POST /start/stream} (a new
 * thread or a continued one, of any user) takes the next scripted {@link Round}. Reach it with
 * {@link FakeChatbotServer#script()}. Thread-safe.
 *
 * <pre>{@code
 * server.script().nextRound(Round.reply("Refunds take 5 days.").logs(3));
 * }</pre>
 */
public final class RoundScript {
  private final RoundQueue queue;

  RoundScript(RoundQueue queue) {
    this.queue = queue;
  }

  /** Queues {@code round} for the next round that has no scripted round yet. Returns this. */
  public RoundScript nextRound(Round round) {
    queue.add(Objects.requireNonNull(round, "round"));
    return this;
  }

  /** Queues {@code rounds} in order. Returns this. */
  public RoundScript nextRounds(Round... rounds) {
    for (Round round : rounds) nextRound(round);
    return this;
  }

  /**
   * Sets the round used when nothing is queued. Without this, an unscripted round replies
   * {@code You asked: "<prompt>". This is the fake assistant's answer.} with 3 logs. Returns this.
   */
  public RoundScript whenUnscripted(Round round) {
    queue.setFallback(Objects.requireNonNull(round, "round"));
    return this;
  }

  /** How many scripted rounds are still queued. */
  public int pending() {
    return queue.size();
  }
}
