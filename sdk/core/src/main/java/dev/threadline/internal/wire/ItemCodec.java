package dev.threadline.internal.wire;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import dev.threadline.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.Buffer;

/**
 * Reads and writes the backend's chat data item, {@code {"type", "createdAt", "item": {…}}}.
 *
 * <p>One pass over the JSON fills what {@link ChatItem} holds: the fields the SDK knows as typed values, and
 * all other fields of the record ("the rest") in {@linkplain CanonicalJson canonical} bytes, so that they
 * survive a round trip unchanged in value. The record's strings the SDK knows (id, workflow id, role,
 * message, status) are held once, as typed values only; its numbers stay in the rest, exact as spelled, and
 * are also read into typed values.
 */
public final class ItemCodec {
  /** A flag: the item's id is a number, so its literal is kept in the rest. */
  public static final int ID_IN_REST = 1;
  /** A flag: the item's workflow id is a number, so its literal is kept in the rest. */
  public static final int WORKFLOW_ID_IN_REST = 2;

  /** The record's string fields held as typed values, in the order they are written. */
  private static final String[] TYPED_STRINGS = {"id", "workflowId", "role", "message", "status"};

  private static volatile Maker maker;

  private ItemCodec() {}

  /** Builds the public value from decoded parts; its constructor is private to the API package. */
  public interface Maker {
    /** The item of {@code type} created at {@code createdAt} holding {@code record}. */
    ChatItem make(String type, EpochSeconds createdAt, Record record);
  }

  /** Called once by {@link ChatItem} as its class initializes. */
  public static void register(Maker itemMaker) {
    maker = itemMaker;
  }

  private static Maker maker() {
    if (maker == null) ValueClasses.initialize(ChatItem.class);
    return maker;
  }


  /** An item record as read: the typed fields, the rest and the flags. */
  public static final class Record {
    public final String id;
    public final String workflowId;
    public final Integer roundNumber;
    public final String role;
    public final String message;
    public final String status;
    public final Double progress;
    /** The other fields as one canonical JSON object, or null when there are none. */
    public final byte[] rest;
    public final int flags;

    Record(String id, String workflowId, Integer roundNumber, String role, String message, String status,
        Double progress, byte[] rest, int flags) {
      this.id = id;
      this.workflowId = workflowId;
      this.roundNumber = roundNumber;
      this.role = role;
      this.message = message;
      this.status = status;
      this.progress = progress;
      this.rest = rest;
      this.flags = flags;
    }
  }

  // ---- reading ----

  /**
   * Parses one chat data item. Other top-level fields are ignored.
   *
   * @throws IllegalArgumentException if the JSON is malformed, or {@code type}, {@code createdAt} or
   *     {@code item} is missing or of the wrong kind
   */
  public static ChatItem parse(String json) {
    try {
      return read(Json.reader(json));
    } catch (IOException | JsonDataException e) {
      // The text is in memory: every read failure (also EOFException on truncated JSON) means malformed.
      throw new IllegalArgumentException("malformed chat item: " + e.getMessage(), e);
    }
  }

  /**
   * Reads one chat data item object from {@code reader}.
   *
   * @throws IllegalArgumentException if a required field is missing or of the wrong kind
   * @throws IOException if the JSON is malformed
   */
  public static ChatItem read(JsonReader reader) throws IOException {
    String type = null;
    String createdAt = null;
    Record record = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "type": type = Json.nextStringOrNull(reader); break;
        case "createdAt": createdAt = Json.nextNumberLiteral(reader); break;
        case "item":
          if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
            throw new IllegalArgumentException("chat item's \"item\" is not an object at " + reader.getPath());
          }
          record = readRecord(reader);
          break;
        default: reader.skipValue();
      }
    }
    reader.endObject();
    if (type == null) throw new IllegalArgumentException("chat item has no \"type\"");
    if (createdAt == null) throw new IllegalArgumentException("chat item has no \"createdAt\"");
    if (record == null) throw new IllegalArgumentException("chat item has no \"item\"");
    return maker().make(shared(type), EpochSeconds.parse(createdAt), record);
  }

  /**
   * The item of {@code type} created at {@code createdAt} whose record is the JSON object {@code itemJson}.
   *
   * @throws IllegalArgumentException if {@code itemJson} is not one well-formed JSON object
   */
  public static ChatItem item(String type, EpochSeconds createdAt, String itemJson) {
    Record record;
    try {
      JsonReader reader = Json.reader(itemJson);
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw new IllegalArgumentException("item must be a JSON object");
      }
      record = readRecord(reader);
      if (!Json.atEnd(reader)) throw new IllegalArgumentException("item has trailing data");
    } catch (IOException | JsonDataException e) {
      throw new IllegalArgumentException("item is malformed JSON: " + e.getMessage(), e);
    }
    return maker().make(shared(type), createdAt, record);
  }

  private static Record readRecord(JsonReader reader) throws IOException {
    String id = null;
    String workflowId = null;
    Integer roundNumber = null;
    String role = null;
    String message = null;
    String status = null;
    Double progress = null;
    int flags = 0;
    Buffer restBytes = new Buffer();
    JsonWriter rest = CanonicalJson.writer(restBytes);
    rest.beginObject();
    int restFields = 0;
    reader.beginObject();
    while (reader.hasNext()) {
      String name = reader.nextName();
      JsonReader.Token token = reader.peek();
      switch (name) {
        case "id":
          flags &= ~ID_IN_REST;
          id = token == JsonReader.Token.STRING ? reader.nextString() : null;
          if (id != null) continue;
          // A number where a string id was expected is still an id: keep its text.
          if (token == JsonReader.Token.NUMBER) flags |= ID_IN_REST;
          id = copyKeepingText(reader, rest, name);
          break;
        case "workflowId":
          flags &= ~WORKFLOW_ID_IN_REST;
          // Every item of a thread names the same workflow: share one string rather than keep a copy per item.
          workflowId = token == JsonReader.Token.STRING ? shared(reader.nextString()) : null;
          if (workflowId != null) continue;
          if (token == JsonReader.Token.NUMBER) flags |= WORKFLOW_ID_IN_REST;
          workflowId = copyKeepingText(reader, rest, name);
          break;
        case "role":
          role = token == JsonReader.Token.STRING ? shared(reader.nextString()) : null;
          if (role != null) continue;
          copy(reader, rest, name);
          break;
        case "message":
          message = token == JsonReader.Token.STRING ? reader.nextString() : null;
          if (message != null) continue;
          copy(reader, rest, name);
          break;
        case "status":
          status = token == JsonReader.Token.STRING ? shared(reader.nextString()) : null;
          if (status != null) continue;
          copy(reader, rest, name);
          break;
        case "roundNumber":
          String literal = copyKeepingText(reader, rest, name);
          roundNumber = literal == null ? null : Json.intOrNull(literal);
          break;
        case "progress":
          progress = decimal(copyKeepingText(reader, rest, name));
          break;
        default:
          copy(reader, rest, name);
      }
      restFields++;
    }
    reader.endObject();
    rest.endObject();
    rest.close();
    return new Record(id, workflowId, roundNumber, role, message, status, progress,
        restFields == 0 ? null : restBytes.readByteArray(), flags);
  }

  private static void copy(JsonReader reader, JsonWriter rest, String name) throws IOException {
    rest.name(name);
    CanonicalJson.copyValue(reader, rest);
  }

  /** Copies a field to the rest; returns a number's literal (null for any other value). */
  private static String copyKeepingText(JsonReader reader, JsonWriter rest, String name) throws IOException {
    rest.name(name);
    if (reader.peek() != JsonReader.Token.NUMBER) {
      CanonicalJson.copyValue(reader, rest);
      return null;
    }
    String literal = Json.nextRaw(reader);
    CanonicalJson.writeNumber(rest, literal);
    return literal;
  }



  private static Double decimal(String literal) {
    if (literal == null) return null;
    try {
      return Double.valueOf(literal);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** One shared instance of text many items repeat (types, roles, statuses, workflow ids). */
  private static String shared(String text) {
    switch (text) {
      case ChatItem.TYPE_MESSAGE: return ChatItem.TYPE_MESSAGE;
      case ChatItem.TYPE_LOG: return ChatItem.TYPE_LOG;
      case ChatItem.TYPE_STAT: return ChatItem.TYPE_STAT;
      case "user": return "user";
      case "assistant": return "assistant";
      default: return text.intern();
    }
  }

  // ---- writing ----

  /** The chat data item as the backend writes it: {@code {"type":…,"createdAt":…,"item":{…}}}. */
  public static String itemJson(ChatItem item, byte[] rest, int flags) {
    StringBuilder out = new StringBuilder(64 + (rest == null ? 0 : rest.length)
        + (item.message() == null ? 0 : item.message().length()));
    out.append("{\"type\":");
    quote(out, item.type());
    out.append(",\"createdAt\":").append(item.createdAt()).append(",\"item\":");
    appendRecord(out, item, rest, flags);
    return out.append('}').toString();
  }

  /** The item record as JSON text: the typed strings first, then the rest in its order. */
  public static String recordJson(ChatItem item, byte[] rest, int flags) {
    StringBuilder out = new StringBuilder(32 + (rest == null ? 0 : rest.length)
        + (item.message() == null ? 0 : item.message().length()));
    appendRecord(out, item, rest, flags);
    return out.toString();
  }

  private static void appendRecord(StringBuilder out, ChatItem item, byte[] rest, int flags) {
    int start = out.length();
    out.append('{');
    for (String name : TYPED_STRINGS) {
      String value = typedString(item, flags, name);
      if (value == null) continue;
      if (out.length() > start + 1) out.append(',');
      quote(out, name);
      out.append(':');
      quote(out, value);
    }
    if (rest != null) {
      if (out.length() > start + 1) out.append(',');
      out.append(new String(rest, 1, rest.length - 2, StandardCharsets.UTF_8));
    }
    out.append('}');
  }

  /**
   * The JSON text of the top-level field {@code name} of the item record (canonical: compact, numbers as
   * received), or null if the record has no such field.
   */
  public static String rawField(ChatItem item, byte[] rest, int flags, String name) {
    String typed = typedString(item, flags, name);
    if (typed == null) return CanonicalJson.member(rest, name);
    StringBuilder out = new StringBuilder(typed.length() + 2);
    quote(out, typed);
    return out.toString();
  }

  /** The record string field {@code name} held as a typed value, or null. */
  private static String typedString(ChatItem item, int flags, String name) {
    switch (name) {
      case "id": return (flags & ID_IN_REST) == 0 ? item.id() : null;
      case "workflowId": return (flags & WORKFLOW_ID_IN_REST) == 0 ? item.workflowId() : null;
      case "role": return item.role();
      case "message": return item.message();
      case "status": return item.status();
      default: return null;
    }
  }

  /** Appends {@code text} as a JSON string, escaped as Moshi's writer escapes it (the canonical spelling). */
  static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\u2028': out.append("\\u2028"); break;
        case '\u2029': out.append("\\u2029"); break;
        default:
          if (c < 0x20) {
            out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
