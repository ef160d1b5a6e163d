package dev.threadline.internal.wire;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import dev.threadline.internal.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the backend's chat data item, {@code {"type", "createdAt", "item": {…}}}.
 *
 * <p>One pass over the JSON fills what {@link ChatItem} holds: the fields the SDK knows as typed values, and
 * all other fields of the record ("the rest") in {@linkplain CanonicalJson canonical} bytes, so that they
 * survive a round trip unchanged in value. A known field is held once, as a typed value only, when that
 * value writes it back exactly (a string; a whole round number; a progress a double holds exactly);
 * otherwise its JSON stays in the rest, and the typed value is read from it as well.
 */
public final class ItemCodec {
  /** A flag: the item's id is a number, so its literal is kept in the rest. */
  public static final int ID_IN_REST = 1;
  /** A flag: the item's workflow id is a number, so its literal is kept in the rest. */
  public static final int WORKFLOW_ID_IN_REST = 2;
  /** A flag: the round number is held typed only (it is a whole number, written back as such). */
  public static final int ROUND_TYPED = 4;
  /** A flag: the progress is held typed only (a double holds its exact value, written back as such). */
  public static final int PROGRESS_TYPED = 8;

  /** The record's fields that may be held as typed values only, in the order they are written. */
  static final String[] TYPED_FIELDS = {"id", "workflowId", "role", "message", "status", "roundNumber",
      "progress"};

  // Boxed round numbers and progress values repeat across items: items share them (Integer.valueOf caches
  // only to 127). Racing threads at worst each keep their own box.
  // One table each, so that a long thread's many round numbers do not push out its few progress values.
  private static final Object[] ROUNDS = new Object[256];
  private static final Object[] PROGRESS = new Object[256];

  // Room for a typical record's other fields (the backend's items carry a few short ones).
  private static final int REST_CAPACITY = 128;

  // Texts recently shared (see shared()). Racing threads at worst miss one another's entries.
  private static final String[] RECENT = new String[64];

  private static volatile @Nullable Maker maker;

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
    // ChatItem's static initializer has registered it.
    return Objects.requireNonNull(maker, "item maker");
  }


  /** An item record as read: the typed fields, the rest and the flags. */
  public static final class Record {
    public final @Nullable String id;
    public final @Nullable String workflowId;
    public final @Nullable Integer roundNumber;
    public final @Nullable String role;
    public final @Nullable String message;
    public final @Nullable String status;
    public final @Nullable Double progress;
    /** The other fields as one canonical JSON object, or null when there are none. */
    public final byte @Nullable [] rest;
    public final int flags;

    Record(@Nullable String id, @Nullable String workflowId, @Nullable Integer roundNumber, @Nullable String role,
        @Nullable String message, @Nullable String status, @Nullable Double progress, byte @Nullable [] rest,
        int flags) {
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
    return parse(new Buffer().writeUtf8(json));
  }

  /**
   * Parses one chat data item from its UTF-8 bytes, as a stream event carries it. Other top-level fields
   * are ignored.
   *
   * @throws IllegalArgumentException if the JSON is malformed, or {@code type}, {@code createdAt} or
   *     {@code item} is missing or of the wrong kind
   */
  public static ChatItem parse(ByteString json) {
    return parse(new Buffer().write(json));
  }

  private static ChatItem parse(Buffer json) {
    try {
      return read(JsonReader.of(json));
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
    return item(type, createdAt, itemJson.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The item of {@code type} created at {@code createdAt} whose record is the JSON object in the UTF-8 bytes
   * {@code itemJson}, as a cache stores it. A record in the spelling {@link #recordJson} writes (what the
   * caches store) is read without a general parse, by {@link CanonicalRecordReader}; any other is parsed in
   * full, with the same result.
   *
   * @throws IllegalArgumentException if {@code itemJson} is not one well-formed JSON object
   */
  public static ChatItem item(String type, EpochSeconds createdAt, byte[] itemJson) {
    Record record = CanonicalRecordReader.read(itemJson);
    return maker().make(shared(type), createdAt, record != null ? record : parseRecord(itemJson));
  }

  /**
   * The message of {@code role} with the text {@code message} in round {@code round} (null: none), created at
   * {@code createdAt}, made from its values: the item {@link #item} makes of the record
   * {@code {"role": role, "message": message, "roundNumber": round}}, without writing and parsing it.
   */
  public static ChatItem message(EpochSeconds createdAt, String role, String message, @Nullable Integer round) {
    return maker().make(ChatItem.TYPE_MESSAGE, createdAt, new Record(null, null, round == null ? null : sharedRound(round),
        shared(role), message, null, null, null, round == null ? 0 : ROUND_TYPED));
  }

  private static Record parseRecord(byte[] itemJson) {
    Record record;
    try {
      JsonReader reader = JsonReader.of(new Buffer().write(itemJson));
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw new IllegalArgumentException("item must be a JSON object");
      }
      record = readRecord(reader);
      if (!Json.atEnd(reader)) throw new IllegalArgumentException("item has trailing data");
    } catch (IOException | JsonDataException e) {
      throw new IllegalArgumentException("item is malformed JSON: " + e.getMessage(), e);
    }
    return record;
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
    CanonicalWriter rest = null;
    reader.beginObject();
    while (reader.hasNext()) {
      String name = reader.nextName();
      JsonReader.Token token = reader.peek();
      String literal = token == JsonReader.Token.NUMBER ? Json.nextNumber(reader) : null;
      switch (name) {
        case "id":
          flags &= ~ID_IN_REST;
          id = token == JsonReader.Token.STRING ? reader.nextString() : null;
          if (id != null) continue;
          // A number where a string id was expected is still an id: keep its text.
          if (literal != null) flags |= ID_IN_REST;
          id = literal;
          break;
        case "workflowId":
          flags &= ~WORKFLOW_ID_IN_REST;
          // Every item of a thread names the same workflow: share one string rather than keep a copy per item.
          workflowId = token == JsonReader.Token.STRING ? shared(reader.nextString()) : null;
          if (workflowId != null) continue;
          if (literal != null) flags |= WORKFLOW_ID_IN_REST;
          workflowId = literal;
          break;
        case "role":
          role = token == JsonReader.Token.STRING ? shared(reader.nextString()) : null;
          if (role != null) continue;
          break;
        case "message":
          message = token == JsonReader.Token.STRING ? reader.nextString() : null;
          if (message != null) continue;
          break;
        case "status":
          status = token == JsonReader.Token.STRING ? shared(reader.nextString()) : null;
          if (status != null) continue;
          break;
        case "roundNumber":
          flags &= ~ROUND_TYPED;
          roundNumber = literal == null ? null : Json.intOrNull(literal);
          if (roundNumber == null) break;
          roundNumber = sharedRound(roundNumber);
          flags |= ROUND_TYPED;
          continue;
        case "progress":
          flags &= ~PROGRESS_TYPED;
          progress = null;
          if (literal == null) break;
          progress = sharedProgress(decimal(literal));
          if (!holdsExactly(progress, literal)) break;
          flags |= PROGRESS_TYPED;
          continue;
        default:
          break;
      }
      if (rest == null) rest = new CanonicalWriter(REST_CAPACITY).beginObject();
      rest.name(name);
      if (literal != null) rest.number(literal); else rest.copyValue(reader);
    }
    reader.endObject();
    return new Record(id, workflowId, roundNumber, role, message, status, progress,
        rest == null ? null : rest.endObject().toBytes(), flags);
  }

  /** A round number equal to {@code round} that other items may hold too. */
  static Integer sharedRound(Integer round) {
    return sharedBox(round, ROUNDS);
  }

  /** A progress equal to {@code progress} that other items may hold too. */
  static Double sharedProgress(Double progress) {
    return sharedBox(progress, PROGRESS);
  }

  /** An instance equal to {@code value} that other items may hold too. */
  private static <T> T sharedBox(T value, Object[] boxes) {
    int hash = value.hashCode();
    int slot = (hash ^ (hash >>> 16)) & (boxes.length - 1);
    Object box = boxes[slot];
    if (value.equals(box)) {
      @SuppressWarnings("unchecked") T same = (T) box;
      return same;
    }
    boxes[slot] = value;
    return value;
  }

  /** Whether {@code value}, written back, has the exact value of {@code literal}. */
  static boolean holdsExactly(double value, String literal) {
    String written = Double.toString(value);
    if (written.equals(literal)) return true;
    try {
      return new BigDecimal(written).compareTo(new BigDecimal(literal)) == 0;
    } catch (NumberFormatException e) {
      // Infinity (from 1e999), or an exponent beyond BigDecimal's: the literal is kept as it is.
      return false;
    }
  }

  static Double decimal(String literal) {
    double value = Double.parseDouble(literal);
    // -0.0 is the number 0, as every other spelling of zero.
    return value == 0 ? 0.0 : value;
  }

  /** One shared instance of text many items repeat (types, roles, statuses, workflow ids). */
  static String shared(String text) {
    // A thread's items repeat a few texts: those seen lately are found without interning them again.
    int hash = text.hashCode();
    int slot = (hash ^ (hash >>> 16)) & (RECENT.length - 1);
    String recent = RECENT[slot];
    if (text.equals(recent)) return recent;
    String shared = sharedInstance(text);
    RECENT[slot] = shared;
    return shared;
  }

  /**
   * {@link #shared} of the ASCII text in {@code bytes[from, to)}: found by its bytes, without making a string,
   * when it was shared lately (as a cached thread's rows repeat their workflow id, role and status).
   */
  static String sharedAscii(byte[] bytes, int from, int to) {
    int hash = asciiHash(bytes, from, to);
    String recent = RECENT[(hash ^ (hash >>> 16)) & (RECENT.length - 1)];
    if (recent != null && spells(recent, bytes, from, to)) return recent;
    return shared(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1));
  }

  /** {@link String#hashCode} of the ASCII text {@code bytes[from, to)}, from its bytes. */
  static int asciiHash(byte[] bytes, int from, int to) {
    int hash = 0;
    for (int i = from; i < to; i++) hash = 31 * hash + bytes[i];
    return hash;
  }

  /** Whether {@code text} is the ASCII text {@code bytes[from, to)}. */
  static boolean spells(String text, byte[] bytes, int from, int to) {
    if (text.length() != to - from) return false;
    for (int i = from; i < to; i++) if (text.charAt(i - from) != bytes[i]) return false;
    return true;
  }

  private static String sharedInstance(String text) {
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
  public static String toJson(ChatItem item, byte @Nullable [] rest, int flags) {
    StringBuilder out = new StringBuilder(64 + (rest == null ? 0 : rest.length)
        + (item.message() == null ? 0 : item.message().length()));
    out.append("{\"type\":");
    CanonicalWriter.quote(out, item.type());
    out.append(",\"createdAt\":").append(item.createdAt()).append(",\"item\":");
    appendRecord(out, item, rest, flags);
    return out.append('}').toString();
  }

  /** The item record as JSON text: the fields held typed first, then the rest in its order. */
  public static String recordJson(ChatItem item, byte @Nullable [] rest, int flags) {
    StringBuilder out = new StringBuilder(32 + (rest == null ? 0 : rest.length)
        + (item.message() == null ? 0 : item.message().length()));
    appendRecord(out, item, rest, flags);
    return out.toString();
  }

  private static void appendRecord(StringBuilder out, ChatItem item, byte @Nullable [] rest, int flags) {
    int start = out.length();
    out.append('{');
    for (String name : TYPED_FIELDS) {
      int before = out.length();
      if (before > start + 1) out.append(',');
      if (!appendTyped(out, item, flags, name)) out.setLength(before);
    }
    if (rest != null) {
      if (out.length() > start + 1) out.append(',');
      out.append(new String(rest, 1, rest.length - 2, StandardCharsets.UTF_8));
    }
    out.append('}');
  }

  /**
   * The JSON text of the top-level field {@code name} of the item record (canonical: compact, numbers exact
   * in value), or null if the record has no such field.
   */
  public static @Nullable String rawField(ChatItem item, byte @Nullable [] rest, int flags, String name) {
    StringBuilder out = new StringBuilder();
    if (!appendTypedValue(out, item, flags, name)) return CanonicalJson.member(rest, name);
    return out.toString();
  }

  /** Appends {@code "name":value} if the field {@code name} is held typed only; returns whether it is. */
  private static boolean appendTyped(StringBuilder out, ChatItem item, int flags, String name) {
    int before = out.length();
    CanonicalWriter.quote(out, name);
    out.append(':');
    if (appendTypedValue(out, item, flags, name)) return true;
    out.setLength(before);
    return false;
  }

  /** Appends the value of field {@code name} if it is held typed only; returns whether it is. */
  private static boolean appendTypedValue(StringBuilder out, ChatItem item, int flags, String name) {
    String text;
    switch (name) {
      case "id": text = (flags & ID_IN_REST) == 0 ? item.id() : null; break;
      case "workflowId": text = (flags & WORKFLOW_ID_IN_REST) == 0 ? item.workflowId() : null; break;
      case "role": text = item.role(); break;
      case "message": text = item.message(); break;
      case "status": text = item.status(); break;
      case "roundNumber":
        // Held typed means held: the flag is set only with a value.
        Integer round = item.roundNumber();
        if ((flags & ROUND_TYPED) == 0 || round == null) return false;
        out.append(round.intValue());
        return true;
      case "progress":
        Double progress = item.progress();
        if ((flags & PROGRESS_TYPED) == 0 || progress == null) return false;
        out.append(progress.doubleValue());
        return true;
      default: return false;
    }
    if (text == null) return false;
    CanonicalWriter.quote(out, text);
    return true;
  }
}
