package dev.threadline;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.threadline.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Objects;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a thread: a message, a log line, a statistic, or a type this SDK does not know yet.
 *
 * <p>This is the backend's "chat data item" {@code {"type", "createdAt", "item"}}. The {@code item} object
 * is kept whole as its JSON text ({@link #itemJson()}), so fields the SDK does not know survive a round
 * trip to the cache and back unchanged; the fields the SDK needs ({@link #id()}, {@link #workflowId()},
 * {@link #roundNumber()}) are read once, and the type-specific ones ({@link #role()}, {@link #message()},
 * {@link #status()}, {@link #progress()}, or any by {@link #rawField(String)}) are read on demand.
 *
 * <p>Two copies of an item with the same {@link #identityKey()} are the same item; the later one replaces
 * the earlier one. Instances are immutable and thread-safe.
 */
public final class ChatItem {
  /** The {@code type} of user and assistant messages. */
  public static final String TYPE_MESSAGE = "message";
  /** The {@code type} of progress logs. */
  public static final String TYPE_LOG = "log";
  /** The {@code type} of statistics. */
  public static final String TYPE_STAT = "stat";

  private final String type;
  private final EpochSeconds createdAt;
  private final String itemJson;
  private final @Nullable String id;
  private final @Nullable String workflowId;
  private final @Nullable Integer roundNumber;
  private final boolean pending;
  // Cached like String's: the hash of the canonical item JSON, computed on first use.
  private int hash;

  private ChatItem(String type, EpochSeconds createdAt, String itemJson, @Nullable String id,
      @Nullable String workflowId, @Nullable Integer roundNumber, boolean pending) {
    this.type = type;
    this.createdAt = createdAt;
    this.itemJson = itemJson;
    this.id = id;
    this.workflowId = workflowId;
    this.roundNumber = roundNumber;
    this.pending = pending;
  }

  /**
   * Returns the item of {@code type} created at {@code createdAt} whose record is the JSON object
   * {@code itemJson}.
   *
   * @throws IllegalArgumentException if {@code itemJson} is not one well-formed JSON object
   */
  public static ChatItem of(String type, EpochSeconds createdAt, String itemJson) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(itemJson, "itemJson");
    return create(type, createdAt, Json.reader(itemJson), itemJson);
  }

  /**
   * Builds an item from its record, reading the identity fields from {@code record} (a reader over the
   * text {@code itemJson}, which it also checks is one JSON object).
   */
  private static ChatItem create(String type, EpochSeconds createdAt, JsonReader record, String itemJson) {
    String id = null;
    String workflowId = null;
    Integer roundNumber = null;
    try {
      if (record.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw new IllegalArgumentException("item must be a JSON object");
      }
      record.beginObject();
      while (record.hasNext()) {
        switch (record.nextName()) {
          case "id": id = Json.nextStringOrNull(record); break;
          case "workflowId": workflowId = Json.nextStringOrNull(record); break;
          case "roundNumber": roundNumber = Json.nextIntOrNull(record); break;
          default: record.skipValue();
        }
      }
      record.endObject();
      if (record.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new IllegalArgumentException("item has trailing data");
      }
    } catch (IOException | JsonDataException e) {
      throw new IllegalArgumentException("item is malformed JSON: " + e.getMessage(), e);
    }
    // Every item of a thread names the same workflow: share one string rather than keep a copy per item.
    if (workflowId != null) workflowId = workflowId.intern();
    return new ChatItem(type.intern(), createdAt, itemJson, id, workflowId, roundNumber, false);
  }

  /**
   * Parses one chat data item, {@code {"type": …, "createdAt": …, "item": {…}}}, as the backend sends it
   * in a stream event or a thread read. Other top-level fields are ignored.
   *
   * @throws IllegalArgumentException if the JSON is malformed, or {@code type}, {@code createdAt} or
   *     {@code item} is missing or of the wrong kind
   */
  public static ChatItem fromJson(String json) {
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
    Buffer itemBytes = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "type": type = Json.nextStringOrNull(reader); break;
        case "createdAt": createdAt = Json.nextNumberLiteral(reader); break;
        case "item":
          if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
            throw new IllegalArgumentException("chat item's \"item\" is not an object at " + reader.getPath());
          }
          itemBytes = new Buffer();
          try (BufferedSource source = reader.nextSource()) {
            itemBytes.writeAll(source);
          }
          break;
        default: reader.skipValue();
      }
    }
    reader.endObject();
    if (type == null) throw new IllegalArgumentException("chat item has no \"type\"");
    if (createdAt == null) throw new IllegalArgumentException("chat item has no \"createdAt\"");
    if (itemBytes == null) throw new IllegalArgumentException("chat item has no \"item\"");
    // One pass over the record's bytes for the identity fields (a copy shares the bytes), one decode to text.
    JsonReader record = JsonReader.of(itemBytes.copy());
    return create(type, EpochSeconds.parse(createdAt), record, itemBytes.readUtf8());
  }

  /** The kind of item: {@code message}, {@code log}, {@code stat}, or a newer kind. Never null. */
  public String type() {
    return type;
  }

  /** When the server created the item, exactly as it wrote it. Never null. */
  public EpochSeconds createdAt() {
    return createdAt;
  }

  /** The whole {@code item} record as JSON text, including fields this SDK does not know. Never null. */
  public String itemJson() {
    return itemJson;
  }

  /** The item's {@code id}, or null if it has none. */
  public @Nullable String id() {
    return id;
  }

  /** The item's {@code workflowId}, or null if it has none. */
  public @Nullable String workflowId() {
    return workflowId;
  }

  /** The item's {@code roundNumber}, or null if it has none. */
  public @Nullable Integer roundNumber() {
    return roundNumber;
  }

  /** A message's {@code role} ({@code user}, {@code assistant}), or null. */
  public @Nullable String role() {
    return stringField("role");
  }

  /** The {@code message} text of a message or log, or null. */
  public @Nullable String message() {
    return stringField("message");
  }

  /** The item's {@code status}, or null. */
  public @Nullable String status() {
    return stringField("status");
  }

  /** A log's {@code progress} (0 to 1 as the backend writes it), or null. */
  public @Nullable Double progress() {
    String raw = rawField("progress");
    if (raw == null || raw.equals("null")) return null;
    try {
      return Double.valueOf(raw);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whether this is a user message. */
  public boolean isUserMessage() {
    return TYPE_MESSAGE.equals(type) && "user".equals(role());
  }

  /**
   * Whether this is a local item the server has not confirmed yet: the echo of a prompt just sent, shown
   * until the server's own user message of that round replaces it. Pending items are never cached.
   */
  public boolean isPending() {
    return pending;
  }

  /** Returns a copy of this item marked {@linkplain #isPending() pending}. */
  public ChatItem asPending() {
    return new ChatItem(type, createdAt, itemJson, id, workflowId, roundNumber, true);
  }

  /**
   * Returns the JSON text of the top-level field {@code name} of the item record, exactly as received, or
   * null if the record has no such field.
   */
  public @Nullable String rawField(String name) {
    try {
      JsonReader reader = Json.reader(itemJson);
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.nextName().equals(name)) return Json.nextRaw(reader);
        reader.skipValue();
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private @Nullable String stringField(String name) {
    try {
      JsonReader reader = Json.reader(itemJson);
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.nextName().equals(name)) {
          return reader.peek() == JsonReader.Token.STRING ? reader.nextString() : null;
        }
        reader.skipValue();
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The item's identity, as a stable string: {@code type} and {@code id} when the item has an id,
   * otherwise {@code type}, {@code createdAt} (numerically normalized) and {@code roundNumber}. Two items
   * with the same key are copies of one item. Stores use it as a unique key, so its format never changes.
   */
  public String identityKey() {
    if (id != null) return type + "\u001fid\u001f" + id;
    BigDecimal exact = createdAt.toBigDecimal();
    String time = exact.signum() == 0 ? "0" : exact.stripTrailingZeros().toPlainString();
    return type + "\u001fat\u001f" + time + "\u001f" + (roundNumber == null ? "" : roundNumber);
  }

  /** The chat data item as the backend writes it: {@code {"type":…,"createdAt":…,"item":{…}}}. */
  public String toJson() {
    return Json.write(writer -> {
      writer.beginObject();
      writer.name("type").value(type);
      writer.name("createdAt");
      Json.writeRaw(writer, createdAt.toString());
      writer.name("item");
      Json.writeRaw(writer, itemJson);
      writer.endObject();
    });
  }

  /**
   * Equal when type, creation time (numerically), pending flag and item JSON are equal. The item JSON is
   * compared as JSON, not as text: the backend spells one item differently on the stream (Python's
   * spaced, ASCII-escaped {@code json.dumps}) and in a thread read (compact UTF-8), and those are one
   * unchanged item.
   */
  @Override public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof ChatItem)) return false;
    ChatItem that = (ChatItem) o;
    if (pending != that.pending || !type.equals(that.type) || !createdAt.equals(that.createdAt)) return false;
    // Same text is the common case and needs no parsing.
    return itemJson.equals(that.itemJson) || Json.canonical(itemJson).equals(Json.canonical(that.itemJson));
  }

  @Override public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Objects.hash(type, createdAt, Json.canonical(itemJson), pending);
      hash = h;
    }
    return h;
  }

  @Override public String toString() {
    return (pending ? "ChatItem(pending)" : "ChatItem") + toJson();
  }
}
