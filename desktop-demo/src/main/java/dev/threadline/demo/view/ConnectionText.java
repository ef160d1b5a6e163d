package dev.threadline.demo.view;

import dev.threadline.ConnectionState;
import java.time.Duration;
import java.time.Instant;

/**
 * How the shown thread's connection stands, in a few words: live, connecting, reconnecting in N s,
 * catching up, offline showing cached data, connection lost; its tone, and whether "Retry now" applies.
 * Immutable.
 */
public final class ConnectionText {
  private final String text;
  private final Tone tone;
  private final boolean retryable;

  private ConnectionText(String text, Tone tone, boolean retryable) {
    this.text = text;
    this.tone = tone;
    this.retryable = retryable;
  }

  /**
   * The words for {@code connection}.
   *
   * @param fromCache whether the data shown is the cache's only
   * @param offlineMode whether the whole session serves cached data only ({@code --offline})
   * @param now the wall clock, for the countdown to the next try
   */
  public static ConnectionText of(ConnectionState connection, boolean fromCache, boolean offlineMode, Instant now) {
    if (offlineMode) return new ConnectionText("Offline · showing cached data", Tone.NEUTRAL, false);
    switch (connection.kind()) {
      case CONNECTING:
        return new ConnectionText("Connecting…", Tone.WARNING, false);
      case STREAMING:
        return new ConnectionText("Live", Tone.SUCCESS, false);
      case RECONNECTING: {
        long seconds = Math.max(0, (Duration.between(now, connection.nextRetryAt()).toMillis() + 999) / 1000);
        return new ConnectionText(seconds > 0 ? "Reconnecting in " + seconds + " s" : "Reconnecting…", Tone.WARNING,
            true);
      }
      case RESYNCING:
        return new ConnectionText("Catching up…", Tone.WARNING, false);
      case OFFLINE:
        return new ConnectionText("Offline · showing cached data", Tone.NEUTRAL, true);
      case GAVE_UP:
        return new ConnectionText("Connection lost", Tone.DANGER, true);
      default:
        return fromCache ? new ConnectionText("Showing cached data", Tone.NEUTRAL, false)
            : new ConnectionText("Up to date", Tone.SUCCESS, false);
    }
  }

  /** Whether the text counts down (and so wants refreshing every fraction of a second). */
  public static boolean countsDown(ConnectionState connection, boolean offlineMode) {
    return !offlineMode && connection.kind() == ConnectionState.Kind.RECONNECTING;
  }

  /** The words. */
  public String text() {
    return text;
  }

  /** Their tone. */
  public Tone tone() {
    return tone;
  }

  /** Whether "Retry now" applies. */
  public boolean retryable() {
    return retryable;
  }
}
