package dev.threadline;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a backend offers a stream that can be resumed, and how. The plain chatbot gateway offers none (a
 * lost stream is recovered by re-reading the thread); backends built on the same idea add one of two
 * designs, and with this configured the client reconnects to the stream and resumes from the last event
 * it saw instead of polling:
 *
 * <ul>
 *   <li>{@link #lastEventId(String)}: every event carries an SSE {@code id:}; the client reconnects with a
 *       {@code Last-Event-ID} header and gets only later events; {@code event: end} ends a round.
 *   <li>{@link #sequenceCursor(String, String, String)}: every event's JSON carries a sequence number; the
 *       client reconnects with it as a query parameter; {@code data: [DONE]} ends a round.
 * </ul>
 *
 * Paths are relative to {@code baseUrl/api/chatbot/}, with {@code {workflowId}} standing for the thread's
 * id (encoded as one path segment). Immutable.
 */
public final class ResumableStream {
  /** The two designs. */
  public enum Kind {
    /** SSE ids and the {@code Last-Event-ID} header. */
    LAST_EVENT_ID,
    /** A sequence number in each event and a query parameter to resume after it. */
    SEQUENCE_CURSOR
  }

  private final Kind kind;
  private final String pathTemplate;
  private final @Nullable String cursorParameter;
  private final @Nullable String sequenceField;

  private ResumableStream(Kind kind, String pathTemplate, @Nullable String cursorParameter,
      @Nullable String sequenceField) {
    this.kind = kind;
    this.pathTemplate = Objects.requireNonNull(pathTemplate, "pathTemplate");
    if (!pathTemplate.contains("{workflowId}")) {
      throw new IllegalArgumentException("path template has no {workflowId}: " + pathTemplate);
    }
    this.cursorParameter = cursorParameter;
    this.sequenceField = sequenceField;
  }

  /** A stream at {@code pathTemplate} (e.g. {@code "{workflowId}/stream"}) resumed with {@code Last-Event-ID}. */
  public static ResumableStream lastEventId(String pathTemplate) {
    return new ResumableStream(Kind.LAST_EVENT_ID, pathTemplate, null, null);
  }

  /**
   * A stream at {@code pathTemplate} resumed with the query parameter {@code cursorParameter} (e.g.
   * {@code starting_after}) set to the last value of each event's top-level field {@code sequenceField}
   * (e.g. {@code seq_id}).
   */
  public static ResumableStream sequenceCursor(String pathTemplate, String cursorParameter, String sequenceField) {
    return new ResumableStream(Kind.SEQUENCE_CURSOR, pathTemplate, Objects.requireNonNull(cursorParameter,
        "cursorParameter"), Objects.requireNonNull(sequenceField, "sequenceField"));
  }

  /** The design. */
  public Kind kind() {
    return kind;
  }

  /** The path, relative to {@code baseUrl/api/chatbot/}, with {@code {workflowId}}. */
  public String pathTemplate() {
    return pathTemplate;
  }

  /** For {@link Kind#SEQUENCE_CURSOR}: the query parameter; otherwise null. */
  public @Nullable String cursorParameter() {
    return cursorParameter;
  }

  /** For {@link Kind#SEQUENCE_CURSOR}: the event field holding the sequence number; otherwise null. */
  public @Nullable String sequenceField() {
    return sequenceField;
  }

  @Override public String toString() {
    return "ResumableStream(" + kind + ", " + pathTemplate
        + (kind == Kind.SEQUENCE_CURSOR ? ", " + cursorParameter + "=" + sequenceField : "") + ")";
  }
}
