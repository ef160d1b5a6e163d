package dev.threadline.testkit.internal;

import dev.threadline.testkit.Round;
import java.util.ArrayDeque;
import java.util.Deque;

/** The scripted rounds still to come, and the fallback for unscripted ones. Thread-safe. */
public final class RoundQueue {
  private final Deque<Round> rounds = new ArrayDeque<>();
  private Round fallback;

  /** Queues {@code round}. */
  public synchronized void add(Round round) {
    rounds.addLast(round);
  }

  /** Sets the round used when the queue is empty; null restores the default reply. */
  public synchronized void setFallback(Round round) {
    fallback = round;
  }

  /** How many rounds are queued. */
  public synchronized int size() {
    return rounds.size();
  }

  /** The round to run for {@code prompt}. */
  public synchronized Round take(String prompt) {
    Round next = rounds.pollFirst();
    if (next != null) return next;
    if (fallback != null) return fallback;
    return Round.reply("You asked: \"" + prompt + "\". This is the fake assistant's answer.");
  }
}
