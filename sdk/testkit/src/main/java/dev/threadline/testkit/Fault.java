package dev.threadline.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault the fake server injects on command: into the next streams
 * ({@link Faults#nextStreams(int, Fault...)}) or into the next matching requests
 * ({@link Faults#nextRequests(String, String, int, Fault)}). Immutable.
 *
 * <p>"Events" below are the item events ({@code data:} lines carrying a chat item, snapshot and live) the
 * stream would send without faults; keepalives, duplicated copies and injected lines are not counted. The
 * workflow itself is never affected by a stream fault: it keeps running server-side, exactly like the real
 * backend when a client loses its stream, so a client can recover with {@code GET /threads?workflowId=}.
 */
public final class Fault {
  /** The kinds of fault. */
  public enum Kind {
    /** After {@code count} events the TCP connection is reset (RST): no chunked terminator. */
    RESET_AFTER_EVENTS,
    /** Like {@link #RESET_AFTER_EVENTS}, at a position the server's seed picks in [1, {@code count}]. */
    RESET_AT_RANDOM_EVENT,
    /** After {@code count} events the body ends cleanly (a complete chunked body) although the round runs on. */
    CLEAN_CLOSE_AFTER_EVENTS,
    /** After {@code count} events nothing more is sent, not even keepalives, until the server closes. */
    STALL_AFTER_EVENTS,
    /** Every event is sent twice in a row. */
    DUPLICATE_EVENTS,
    /** After {@code count} events the line <code>data: {"type": "message", "createdAt": 17</code> is sent as one event. */
    MALFORMED_LINE,
    /** After {@code count} events an item of the unknown type {@code chart} is created (stored and streamed). */
    UNKNOWN_TYPE,
    /** The response headers are delayed by {@code duration}. */
    SLOW_FIRST_BYTE,
    /** This stream's time limit is {@code duration}: it ends cleanly then, while the workflow keeps running. */
    TIME_LIMIT,
    /** The request is answered with {@code status} (and {@code Retry-After} if set) and not processed. */
    STATUS
  }

  private final Kind kind;
  private final int count;
  private final Duration duration;
  private final int status;
  private final long retryAfterSeconds;

  private Fault(Kind kind, int count, Duration duration, int status, long retryAfterSeconds) {
    this.kind = kind;
    this.count = count;
    this.duration = duration;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  private static Fault afterEvents(Kind kind, int events) {
    if (events < 0) throw new IllegalArgumentException("events < 0: " + events);
    return new Fault(kind, events, Duration.ZERO, 0, -1);
  }

  /** Resets the connection (TCP RST) after {@code events} events; 0 resets right after the headers. */
  public static Fault resetAfterEvents(int events) {
    return afterEvents(Kind.RESET_AFTER_EVENTS, events);
  }

  /** Resets the connection after a number of events between 1 and {@code maxEvents}, chosen by the seed. */
  public static Fault resetAtRandomEvent(int maxEvents) {
    if (maxEvents < 1) throw new IllegalArgumentException("maxEvents < 1: " + maxEvents);
    return afterEvents(Kind.RESET_AT_RANDOM_EVENT, maxEvents);
  }

  /** Ends the body cleanly after {@code events} events, while the round keeps running. */
  public static Fault cleanCloseAfterEvents(int events) {
    return afterEvents(Kind.CLEAN_CLOSE_AFTER_EVENTS, events);
  }

  /** Sends nothing more (no keepalive either) after {@code events} events, until the server closes. */
  public static Fault stallAfterEvents(int events) {
    return afterEvents(Kind.STALL_AFTER_EVENTS, events);
  }

  /** Sends every event twice in a row. */
  public static Fault duplicateEvents() {
    return afterEvents(Kind.DUPLICATE_EVENTS, 0);
  }

  /**
   * Sends a malformed event after {@code events} events: the line
   * <code>data: {"type": "message", "createdAt": 17</code> (JSON cut off), then a blank line.
   */
  public static Fault malformedLine(int events) {
    return afterEvents(Kind.MALFORMED_LINE, events);
  }

  /**
   * Creates an item of the unknown type {@code chart} after {@code events} events. It is a real item: stored
   * in the thread (so {@link FakeChatbotServer#truth(String)} has it) and streamed to every open stream.
   */
  public static Fault unknownType(int events) {
    return afterEvents(Kind.UNKNOWN_TYPE, events);
  }

  /** Delays the response headers (the first byte) by {@code delay}. Also works for {@code nextRequests}. */
  public static Fault slowFirstByte(Duration delay) {
    return new Fault(Kind.SLOW_FIRST_BYTE, 0, Objects.requireNonNull(delay, "delay"), 0, -1);
  }

  /** Gives the stream a time limit of {@code limit}: it ends cleanly then, the workflow keeps running. */
  public static Fault timeLimitAfter(Duration limit) {
    return new Fault(Kind.TIME_LIMIT, 0, Objects.requireNonNull(limit, "limit"), 0, -1);
  }

  /**
   * Answers with {@code status} instead of processing the request; 429 gets the rate limiter's body
   * {@code {"error":"Rate limit exceeded: …"}}, other codes a FastAPI {@code {"detail":"…"}}.
   */
  public static Fault status(int status) {
    return status(status, -1);
  }

  /** Like {@link #status(int)}, with a {@code Retry-After: retryAfterSeconds} header (none if negative). */
  public static Fault status(int status, long retryAfterSeconds) {
    if (status < 400 || status > 599) throw new IllegalArgumentException("not an error status: " + status);
    return new Fault(Kind.STATUS, 0, Duration.ZERO, status, retryAfterSeconds);
  }

  /** The kind of fault. */
  public Kind kind() {
    return kind;
  }

  /** The event count (or maximum, for {@link Kind#RESET_AT_RANDOM_EVENT}); 0 where unused. */
  public int events() {
    return count;
  }

  /** The delay or limit; zero where unused. Never null. */
  public Duration duration() {
    return duration;
  }

  /** The HTTP status of a {@link Kind#STATUS} fault; 0 otherwise. */
  public int status() {
    return status;
  }

  /** The {@code Retry-After} seconds of a {@link Kind#STATUS} fault, or -1 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Whether this fault can apply to a plain (non-stream) request. */
  boolean appliesToAnyRequest() {
    return kind == Kind.STATUS || kind == Kind.SLOW_FIRST_BYTE;
  }

  @Override public String toString() {
    switch (kind) {
      case STATUS: return "Fault.status(" + status + (retryAfterSeconds >= 0 ? ", " + retryAfterSeconds : "") + ")";
      case SLOW_FIRST_BYTE: case TIME_LIMIT: return "Fault." + kind + "(" + duration + ")";
      default: return "Fault." + kind + "(" + count + ")";
    }
  }
}
