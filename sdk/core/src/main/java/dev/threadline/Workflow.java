package dev.threadline;

import dev.threadline.internal.wire.CanonicalJson;
import dev.threadline.internal.wire.WorkflowCodec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A thread's header: the backend's {@code ChatWorkflow} (id, name, status, current round, activity times).
 *
 * <p>The whole record is kept as JSON ({@link #json()}), so fields this SDK does not know round-trip
 * unchanged in value; the known ones are read once. Instances are immutable and thread-safe.
 */
public final class Workflow {
  static {
    WorkflowCodec.register(new Maker());
  }

  // The whole record, canonical (see CanonicalJson).
  private final byte[] json;
  private final String id;
  private final @Nullable String name;
  private final @Nullable String statusText;
  private final @Nullable Integer currentRound;
  private final @Nullable String workflowMode;
  private final @Nullable EpochSeconds startedAt;
  private final @Nullable EpochSeconds lastActivity;
  // Cached like String's: the hash of the record's value, computed on first use.
  private int hash;

  private Workflow(byte[] json, String id, @Nullable String name, @Nullable String statusText,
      @Nullable Integer currentRound, @Nullable String workflowMode, @Nullable EpochSeconds startedAt,
      @Nullable EpochSeconds lastActivity) {
    this.json = json;
    this.id = id;
    this.name = name;
    this.statusText = statusText;
    this.currentRound = currentRound;
    this.workflowMode = workflowMode;
    this.startedAt = startedAt;
    this.lastActivity = lastActivity;
  }

  /** Makes workflows for the wire layer, which decodes them. */
  private static final class Maker implements WorkflowCodec.Maker {
    @Override public Workflow make(WorkflowCodec.Record r) {
      return new Workflow(r.json, r.id, r.name, r.status, r.currentRound, r.workflowMode, r.startedAt,
          r.lastActivity);
    }
  }

  /**
   * Parses a {@code ChatWorkflow} JSON object.
   *
   * @throws IllegalArgumentException if the JSON is malformed or has no string {@code id}
   */
  public static Workflow fromJson(String json) {
    Objects.requireNonNull(json, "json");
    return WorkflowCodec.parse(json);
  }

  /** The workflow id. Never null. */
  public String id() {
    return id;
  }

  /** The thread's display name (the backend uses the first prompt), or null. */
  public @Nullable String name() {
    return name;
  }

  /** The status; {@link WorkflowStatus#UNKNOWN} for text this SDK does not know. Never null. */
  public WorkflowStatus status() {
    return WorkflowStatus.fromWire(statusText);
  }

  /** The {@code status} text exactly as the server sent it, or null. */
  public @Nullable String statusText() {
    return statusText;
  }

  /** The current round (1 for a new thread), or null. */
  public @Nullable Integer currentRound() {
    return currentRound;
  }

  /** The {@code workflowMode} ({@code Chatbot} for chat threads), or null. */
  public @Nullable String workflowMode() {
    return workflowMode;
  }

  /** When the workflow started, or null. */
  public @Nullable EpochSeconds startedAt() {
    return startedAt;
  }

  /** When the workflow last changed, or null. */
  public @Nullable EpochSeconds lastActivity() {
    return lastActivity;
  }

  /**
   * The whole record as JSON text, including fields this SDK does not know: compact, fields in the order
   * received, numbers exactly as received. Never null.
   */
  public String json() {
    return new String(json, StandardCharsets.UTF_8);
  }

  /**
   * Equal when the records are one JSON value, whatever their spelling: whitespace, string escapes, the
   * order of fields and the spelling of numbers ({@code 1}, {@code 1.0}, {@code 1e0}) do not matter.
   */
  @Override public boolean equals(@Nullable Object o) {
    return o instanceof Workflow && CanonicalJson.equal(json, ((Workflow) o).json);
  }

  @Override public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = CanonicalJson.hash(json);
      hash = h;
    }
    return h;
  }

  @Override public String toString() {
    return "Workflow" + json();
  }
}
