package dev.threadline;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which thread and which send a {@link ChatbotEventListener} event belongs to. {@link #workflowId()} is
 * null while a new thread's id is not known yet, so {@link #sendId()} is the handle that stays the same
 * from a send's first event to its last. Immutable.
 */
public final class RoundRef {
  /** No thread and no send (e.g. an error of the thread list). */
  public static final RoundRef NONE = new RoundRef(null, 0);

  private final @Nullable String workflowId;
  private final long sendId;

  private RoundRef(@Nullable String workflowId, long sendId) {
    this.workflowId = workflowId;
    this.sendId = sendId;
  }

  /**
   * @param workflowId the thread's id; null when not known yet
   * @param sendId the {@link SendCall#id()} of the send the round serves; 0 when it serves none
   */
  public static RoundRef of(@Nullable String workflowId, long sendId) {
    if (sendId < 0) throw new IllegalArgumentException("sendId < 0: " + sendId);
    return new RoundRef(workflowId, sendId);
  }

  /** The thread's workflow id, or null for a new thread whose id is not known yet. */
  public @Nullable String workflowId() {
    return workflowId;
  }

  /**
   * The {@link SendCall#id()} of the send whose round this event belongs to (the latest send, when a
   * second prompt joined the round), or 0 when no send awaits the round (e.g. a re-read for an observer).
   */
  public long sendId() {
    return sendId;
  }

  @Override public boolean equals(@Nullable Object other) {
    if (!(other instanceof RoundRef)) return false;
    RoundRef that = (RoundRef) other;
    return sendId == that.sendId && Objects.equals(workflowId, that.workflowId);
  }

  @Override public int hashCode() {
    return Objects.hash(workflowId, sendId);
  }

  @Override public String toString() {
    return "RoundRef{workflowId=" + workflowId + ", sendId=" + sendId + "}";
  }
}
