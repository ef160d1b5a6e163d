package dev.threadline.coroutines;

import java.util.Objects;

/**
 * One thing that happened to the client's connections, as {@link ConnectionEvents} publishes it: the
 * calls of {@link dev.threadline.ChatbotEventListener} as values. Immutable.
 */
public final class ConnectionEvent {
  /** What happened; one per {@link dev.threadline.ChatbotEventListener} method. */
  public enum Kind {
    /** A stream opened. */
    STREAM_OPENED,
    /** A stream ended; {@link #cause()} is null for a clean close. */
    STREAM_ENDED,
    /** Recovery will try again: {@link #attempt()} after {@link #delayMillis()}, because of {@link #cause()}. */
    RECONNECT_SCHEDULED,
    /** The thread is being re-read. */
    RESYNC_STARTED,
    /** A re-read was merged; {@link #count()} of its items were already known. */
    RESYNC_FINISHED,
    /** The merge absorbed {@link #count()} duplicates. */
    DUPLICATES_ABSORBED,
    /** Recovery used up its time budget, because of {@link #cause()}. */
    GAVE_UP,
    /** The app said the network came ({@link #networkAvailable()}) or went. */
    NETWORK_CHANGED
  }

  private final Kind kind;
  private final String workflowId;
  private final int attempt;
  private final long delayMillis;
  private final int count;
  private final Throwable cause;
  private final boolean networkAvailable;

  ConnectionEvent(Kind kind, String workflowId, int attempt, long delayMillis, int count, Throwable cause,
      boolean networkAvailable) {
    this.kind = kind;
    this.workflowId = workflowId;
    this.attempt = attempt;
    this.delayMillis = delayMillis;
    this.count = count;
    this.cause = cause;
    this.networkAvailable = networkAvailable;
  }

  /** What happened. Never null. */
  public Kind kind() {
    return kind;
  }

  /** The thread concerned; null for {@link Kind#NETWORK_CHANGED} and for a new thread whose id is unknown. */
  public String workflowId() {
    return workflowId;
  }

  /** For {@link Kind#RECONNECT_SCHEDULED}: the coming attempt, from 1; otherwise 0. */
  public int attempt() {
    return attempt;
  }

  /** For {@link Kind#RECONNECT_SCHEDULED}: the delay before it; otherwise 0. */
  public long delayMillis() {
    return delayMillis;
  }

  /** For {@link Kind#RESYNC_FINISHED} and {@link Kind#DUPLICATES_ABSORBED}: how many duplicates; otherwise 0. */
  public int count() {
    return count;
  }

  /** Why a stream ended, a reconnect was scheduled or recovery gave up; null otherwise. */
  public Throwable cause() {
    return cause;
  }

  /** For {@link Kind#NETWORK_CHANGED}: whether the network is available; otherwise false. */
  public boolean networkAvailable() {
    return networkAvailable;
  }

  @Override public boolean equals(Object o) {
    if (!(o instanceof ConnectionEvent)) return false;
    ConnectionEvent that = (ConnectionEvent) o;
    return kind == that.kind && Objects.equals(workflowId, that.workflowId) && attempt == that.attempt
        && delayMillis == that.delayMillis && count == that.count && Objects.equals(cause, that.cause)
        && networkAvailable == that.networkAvailable;
  }

  @Override public int hashCode() {
    return Objects.hash(kind, workflowId, attempt, delayMillis, count, cause, networkAvailable);
  }

  @Override public String toString() {
    switch (kind) {
      case RECONNECT_SCHEDULED:
        return kind + "(" + workflowId + ", attempt " + attempt + " in " + delayMillis + " ms, " + cause + ")";
      case RESYNC_FINISHED:
      case DUPLICATES_ABSORBED:
        return kind + "(" + workflowId + ", " + count + ")";
      case NETWORK_CHANGED:
        return kind + "(" + (networkAvailable ? "available" : "lost") + ")";
      default:
        return kind + "(" + workflowId + (cause == null ? "" : ", " + cause) + ")";
    }
  }
}
