package dev.threadline.internal.wire;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.threadline.EpochSeconds;
import dev.threadline.Workflow;
import dev.threadline.internal.Json;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads the backend's {@code ChatWorkflow}: in one pass, the fields the SDK knows as typed values and the
 * whole record in {@linkplain CanonicalJson canonical} bytes (a workflow is one per thread: holding its
 * known fields twice costs little, and keeps every field where it was).
 */
public final class WorkflowCodec {
  private static volatile @Nullable Maker maker;

  private WorkflowCodec() {}

  /** Builds the public value from decoded parts; its constructor is private to the API package. */
  public interface Maker {
    /** The workflow read as {@code record}. */
    Workflow make(Record record);
  }

  /** Called once by {@link Workflow} as its class initializes. */
  public static void register(Maker workflowMaker) {
    maker = workflowMaker;
  }

  private static Maker maker() {
    if (maker == null) ValueClasses.initialize(Workflow.class);
    // Workflow's static initializer has registered it.
    return Objects.requireNonNull(maker, "workflow maker");
  }


  /** A workflow record as read. */
  public static final class Record {
    /** The whole record, canonical. */
    public final byte[] json;
    public final String id;
    public final @Nullable String name;
    public final @Nullable String status;
    public final @Nullable Integer currentRound;
    public final @Nullable String workflowMode;
    public final @Nullable EpochSeconds startedAt;
    public final @Nullable EpochSeconds lastActivity;

    Record(byte[] json, String id, @Nullable String name, @Nullable String status, @Nullable Integer currentRound,
        @Nullable String workflowMode, @Nullable EpochSeconds startedAt, @Nullable EpochSeconds lastActivity) {
      this.json = json;
      this.id = id;
      this.name = name;
      this.status = status;
      this.currentRound = currentRound;
      this.workflowMode = workflowMode;
      this.startedAt = startedAt;
      this.lastActivity = lastActivity;
    }
  }

  /**
   * The workflow {@code id}, named {@code name} (or not), running since {@code lastActivity}, made from its
   * values: what {@link #parse} makes of {@code {"id": id, "name": name, "status": "running", "lastActivity":
   * lastActivity}}, without writing it as text and parsing it.
   */
  public static Workflow running(String id, @Nullable String name, EpochSeconds lastActivity) {
    CanonicalWriter out = new CanonicalWriter(64).beginObject();
    out.name("id").value(id);
    if (name != null) out.name("name").value(name);
    out.name("status").value("running");
    out.name("lastActivity").number(lastActivity.toString());
    byte[] bytes = out.endObject().toBytes();
    return maker().make(new Record(bytes, id, name, "running", null, null, null, lastActivity));
  }

  /**
   * Parses a {@code ChatWorkflow} JSON object.
   *
   * @throws IllegalArgumentException if the JSON is malformed or has no string {@code id}
   */
  public static Workflow parse(String json) {
    try {
      JsonReader reader = Json.reader(json);
      Workflow workflow = read(reader);
      if (!Json.atEnd(reader)) throw new IllegalArgumentException("malformed workflow: trailing data");
      return workflow;
    } catch (IOException | JsonDataException e) {
      throw new IllegalArgumentException("malformed workflow: " + e.getMessage(), e);
    }
  }

  /**
   * Reads one {@code ChatWorkflow} object from {@code reader}.
   *
   * @throws IllegalArgumentException if it is not an object or has no string {@code id}
   * @throws IOException if the JSON is malformed
   */
  public static Workflow read(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      throw new IllegalArgumentException("workflow is not an object at " + reader.getPath());
    }
    String id = null;
    String name = null;
    String status = null;
    Integer currentRound = null;
    String workflowMode = null;
    EpochSeconds startedAt = null;
    EpochSeconds lastActivity = null;
    CanonicalWriter out = new CanonicalWriter(256);
    reader.beginObject();
    out.beginObject();
    while (reader.hasNext()) {
      String field = reader.nextName();
      out.name(field);
      boolean number = reader.peek() == JsonReader.Token.NUMBER;
      String text = copyKeepingText(reader, out);
      // A number's literal; null for any other value.
      String literal = number ? text : null;
      switch (field) {
        case "id": id = text; break;
        case "name": name = text; break;
        case "status": status = text; break;
        case "currentRound": currentRound = literal != null ? Json.intOrNull(literal) : null; break;
        case "workflowMode": workflowMode = text; break;
        case "startedAt": startedAt = literal != null ? EpochSeconds.parse(literal) : null; break;
        case "lastActivity": lastActivity = literal != null ? EpochSeconds.parse(literal) : null; break;
        default: break;
      }
    }
    reader.endObject();
    out.endObject();
    if (id == null) throw new IllegalArgumentException("workflow has no \"id\"");
    return maker().make(new Record(out.toBytes(), id, name, status, currentRound, workflowMode,
        startedAt, lastActivity));
  }

  /** Copies the next value; returns a string's content or a number's literal (null for any other value). */
  private static @Nullable String copyKeepingText(JsonReader reader, CanonicalWriter out) throws IOException {
    switch (reader.peek()) {
      case STRING:
        String text = reader.nextString();
        out.value(text);
        return text;
      case NUMBER:
        String literal = Json.nextNumber(reader);
        out.number(literal);
        return literal;
      default:
        out.copyValue(reader);
        return null;
    }
  }
}
