package dev.threadline;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a thread's connection to the server stands, one model on every platform. Immutable.
 *
 * <p>A thread is {@link Kind#IDLE} until something connects it; a send goes {@link Kind#CONNECTING} then
 * {@link Kind#STREAMING}; a lost stream is {@link Kind#RECONNECTING} (with the attempt, when the next try
 * is due and why) or {@link Kind#RESYNCING} while the thread is re-read; when the round ends the state is
 * its outcome: {@link Kind#COMPLETED}, {@link Kind#STOPPED} or {@link Kind#FAILED}. {@link Kind#GAVE_UP}
 * means recovery ran out of its time budget (the app may retry); {@link Kind#OFFLINE} that the app said the
 * network is gone (the cache still shows).
 */
public final class ConnectionState {
  /** The kinds of connection state. */
  public enum Kind {
    /** Nothing is connected or pending. */
    IDLE,
    /** A request is being made. */
    CONNECTING,
    /** Live events are arriving. */
    STREAMING,
    /** The stream was lost; waiting before the next try. */
    RECONNECTING,
    /** Re-reading the whole thread to catch up. */
    RESYNCING,
    /** The app said the network is gone; showing the cache. */
    OFFLINE,
    /** The round finished normally. */
    COMPLETED,
    /** The workflow was stopped. */
    STOPPED,
    /** The workflow ended in an error, or the send failed for good. */
    FAILED,
    /** Recovery used up its time budget; the app may retry. */
    GAVE_UP;

    /** Whether this kind ends a round: no network activity follows until something new starts. */
    public boolean isTerminal() {
      return this == COMPLETED || this == STOPPED || this == FAILED || this == GAVE_UP || this == IDLE;
    }
  }

  /** Nothing connected. */
  public static final ConnectionState IDLE = new ConnectionState(Kind.IDLE, 0, null, null);
  /** A request is being made. */
  public static final ConnectionState CONNECTING = new ConnectionState(Kind.CONNECTING, 0, null, null);
  /** Live events are arriving. */
  public static final ConnectionState STREAMING = new ConnectionState(Kind.STREAMING, 0, null, null);
  /** Re-reading the thread. */
  public static final ConnectionState RESYNCING = new ConnectionState(Kind.RESYNCING, 0, null, null);
  /** The network is gone. */
  public static final ConnectionState OFFLINE = new ConnectionState(Kind.OFFLINE, 0, null, null);
  /** The round completed. */
  public static final ConnectionState COMPLETED = new ConnectionState(Kind.COMPLETED, 0, null, null);
  /** The workflow was stopped. */
  public static final ConnectionState STOPPED = new ConnectionState(Kind.STOPPED, 0, null, null);

  private final Kind kind;
  private final int attempt;
  private final @Nullable Instant nextRetryAt;
  private final @Nullable Throwable cause;

  private ConnectionState(Kind kind, int attempt, @Nullable Instant nextRetryAt, @Nullable Throwable cause) {
    this.kind = kind;
    this.attempt = attempt;
    this.nextRetryAt = nextRetryAt;
    this.cause = cause;
  }

  /** Waiting for try {@code attempt} (from 1), due at {@code nextRetryAt}, after {@code cause} (may be null). */
  public static ConnectionState reconnecting(int attempt, Instant nextRetryAt, @Nullable Throwable cause) {
    return new ConnectionState(Kind.RECONNECTING, attempt, Objects.requireNonNull(nextRetryAt, "nextRetryAt"),
        cause);
  }

  /** The workflow failed, or the send failed for good, because of {@code cause} (null when the server said so). */
  public static ConnectionState failed(@Nullable Throwable cause) {
    return new ConnectionState(Kind.FAILED, 0, null, cause);
  }

  /** Recovery gave up after {@code cause}. */
  public static ConnectionState gaveUp(Throwable cause) {
    return new ConnectionState(Kind.GAVE_UP, 0, null, Objects.requireNonNull(cause, "cause"));
  }

  /** The kind of state. Never null. */
  public Kind kind() {
    return kind;
  }

  /** For {@link Kind#RECONNECTING}: the number of the coming try, from 1; otherwise 0. */
  public int attempt() {
    return attempt;
  }

  /** For {@link Kind#RECONNECTING}: when the next try is due; otherwise null. */
  public @Nullable Instant nextRetryAt() {
    return nextRetryAt;
  }

  /** What caused a {@link Kind#RECONNECTING}, {@link Kind#FAILED} or {@link Kind#GAVE_UP} state, or null. */
  public @Nullable Throwable cause() {
    return cause;
  }

  @Override public boolean equals(@Nullable Object o) {
    if (!(o instanceof ConnectionState)) return false;
    ConnectionState that = (ConnectionState) o;
    return kind == that.kind && attempt == that.attempt && Objects.equals(nextRetryAt, that.nextRetryAt)
        && Objects.equals(cause, that.cause);
  }

  @Override public int hashCode() {
    return Objects.hash(kind, attempt, nextRetryAt, cause);
  }

  @Override public String toString() {
    if (kind == Kind.RECONNECTING) {
      return "RECONNECTING(attempt " + attempt + " at " + nextRetryAt + ", " + cause + ")";
    }
    return cause == null ? kind.name() : kind + "(" + cause + ")";
  }
}
