package dev.threadline;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.threadline.internal.Json;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A thread's header: the backend's {@code ChatWorkflow} (id, name, status, current round, activity times).
 *
 * <p>The whole record is kept as its JSON text ({@link #json()}), so fields this SDK does not know
 * round-trip unchanged; the known ones are read once. Instances are immutable and thread-safe.
 */
public final class Workflow {
  private final String json;
  private final String id;
  private final @Nullable String name;
  private final @Nullable String statusText;
  private final @Nullable Integer currentRound;
  private final @Nullable String workflowMode;
  private final @Nullable EpochSeconds startedAt;
  private final @Nullable EpochSeconds lastActivity;

  private Workflow(String json, String id, @Nullable String name, @Nullable String statusText,
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

  /**
   * Parses a {@code ChatWorkflow} JSON object.
   *
   * @throws IllegalArgumentException if the JSON is malformed or has no string {@code id}
   */
  public static Workflow fromJson(String json) {
    Objects.requireNonNull(json, "json");
    try {
      return read(Json.reader(json), json);
    } catch (IOException | JsonDataException e) {
      throw new IllegalArgumentException("malformed workflow: " + e.getMessage(), e);
    }
  }

  /**
   * Reads one {@code ChatWorkflow} object from {@code reader}.
   *
   * @throws IllegalArgumentException if it has no string {@code id}
   * @throws IOException if the JSON is malformed
   */
  public static Workflow read(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      throw new IllegalArgumentException("workflow is not an object at " + reader.getPath());
    }
    return fromJson(Json.nextRaw(reader));
  }

  private static Workflow read(JsonReader reader, String json) throws IOException {
    String id = null;
    String name = null;
    String status = null;
    Integer currentRound = null;
    String workflowMode = null;
    EpochSeconds startedAt = null;
    EpochSeconds lastActivity = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "id": id = Json.nextStringOrNull(reader); break;
        case "name": name = Json.nextStringOrNull(reader); break;
        case "status": status = Json.nextStringOrNull(reader); break;
        case "currentRound": currentRound = Json.nextIntOrNull(reader); break;
        case "workflowMode": workflowMode = Json.nextStringOrNull(reader); break;
        case "startedAt": startedAt = epochOrNull(reader); break;
        case "lastActivity": lastActivity = epochOrNull(reader); break;
        default: reader.skipValue();
      }
    }
    reader.endObject();
    if (id == null) throw new IllegalArgumentException("workflow has no \"id\"");
    return new Workflow(json, id, name, status, currentRound, workflowMode, startedAt, lastActivity);
  }

  private static @Nullable EpochSeconds epochOrNull(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.NUMBER) {
      reader.skipValue();
      return null;
    }
    return EpochSeconds.parse(Json.nextRaw(reader));
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

  /** The whole record as JSON text, including fields this SDK does not know. Never null. */
  public String json() {
    return json;
  }

  /** Equal when the JSON text is equal. */
  @Override public boolean equals(@Nullable Object o) {
    return o instanceof Workflow && json.equals(((Workflow) o).json);
  }

  @Override public int hashCode() {
    return json.hashCode();
  }

  @Override public String toString() {
    return "Workflow" + json;
  }
}
