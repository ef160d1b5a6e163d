package dev.threadline.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Small streaming-JSON helpers on Moshi's reader and writer.
 *
 * <p>The SDK reads its wire types by hand instead of by reflection: unknown fields must survive untouched
 * (so raw values are captured with {@link JsonReader#nextSource()}), numbers must stay exact, and no
 * reflection means nothing for R8 to strip on Android.
 */
public final class Json {
  /** Shared Moshi for JSON-compatible Java values (maps, lists, strings, numbers). */
  public static final Moshi MOSHI = new Moshi.Builder().build();

  private Json() {}

  /** A reader over {@code json}, lenient about nothing. */
  public static JsonReader reader(String json) {
    return JsonReader.of(new Buffer().writeUtf8(json));
  }

  /** Reads the next value, whatever it is, and returns its JSON text unchanged. */
  public static String nextRaw(JsonReader reader) throws IOException {
    try (BufferedSource source = reader.nextSource()) {
      return source.readUtf8();
    }
  }

  /**
   * Reads the next value as the exact text of a JSON number, or {@code null} for JSON null.
   *
   * @throws JsonDataException if the value is neither
   */
  public static @Nullable String nextNumberLiteral(JsonReader reader) throws IOException {
    JsonReader.Token token = reader.peek();
    if (token == JsonReader.Token.NULL) return reader.nextNull();
    if (token != JsonReader.Token.NUMBER) {
      throw new JsonDataException("Expected a number but was " + token + " at path " + reader.getPath());
    }
    return nextRaw(reader);
  }

  /** Reads a string, or returns null for JSON null or a value of another kind (which is skipped). */
  public static @Nullable String nextStringOrNull(JsonReader reader) throws IOException {
    JsonReader.Token token = reader.peek();
    if (token == JsonReader.Token.STRING) return reader.nextString();
    // A number where a string id was expected is still an id: keep its text.
    if (token == JsonReader.Token.NUMBER) return nextRaw(reader);
    reader.skipValue();
    return null;
  }

  /** Reads an integer, or returns null for JSON null or anything that is not a whole number. */
  public static @Nullable Integer nextIntOrNull(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.NUMBER) {
      reader.skipValue();
      return null;
    }
    String literal = nextRaw(reader);
    try {
      return new java.math.BigDecimal(literal).intValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  /** Reads a number as a double, or returns null for anything else (which is skipped). */
  public static @Nullable Double nextDoubleOrNull(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.NUMBER) {
      reader.skipValue();
      return null;
    }
    return reader.nextDouble();
  }

  /** Reads a boolean, or returns null for anything else (which is skipped). */
  public static @Nullable Boolean nextBooleanOrNull(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.BOOLEAN) {
      reader.skipValue();
      return null;
    }
    return reader.nextBoolean();
  }

  /**
   * The text of top-level field {@code name} of the JSON object {@code json} (a string's content, or a
   * number's literal), or null if absent or unreadable.
   */
  public static @Nullable String topLevelField(String json, String name) {
    try {
      JsonReader reader = reader(json);
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.nextName().equals(name)) return nextStringOrNull(reader);
        reader.skipValue();
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The canonical text of well-formed JSON: compact, strings decoded and re-encoded the one way Moshi
   * writes them, number literals kept as written. Two spellings of one value (Python's spaced,
   * ASCII-escaped {@code json.dumps} on the stream; compact UTF-8 from a thread read) have the same
   * canonical text.
   */
  public static String canonical(String json) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true);
      copyValue(reader(json), writer);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
    return buffer.readUtf8();
  }

  private static void copyValue(JsonReader reader, JsonWriter writer) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        reader.beginObject();
        writer.beginObject();
        while (reader.hasNext()) {
          writer.name(reader.nextName());
          copyValue(reader, writer);
        }
        reader.endObject();
        writer.endObject();
        break;
      case BEGIN_ARRAY:
        reader.beginArray();
        writer.beginArray();
        while (reader.hasNext()) copyValue(reader, writer);
        reader.endArray();
        writer.endArray();
        break;
      case STRING: writer.value(reader.nextString()); break;
      // Not writeRaw: Moshi's valueSink() pushes a scope without growing its stack, and fails past 63 levels.
      case NUMBER: writer.value(new NumberLiteral(nextRaw(reader))); break;
      case BOOLEAN: writer.value(reader.nextBoolean()); break;
      case NULL: writer.nullValue(); reader.nextNull(); break;
      default: throw new IOException("unexpected " + reader.peek() + " at " + reader.getPath());
    }
  }

  /** A JSON number that Moshi writes exactly as its literal (its writer writes a Number's toString()). */
  private static final class NumberLiteral extends Number {
    private final String literal;

    NumberLiteral(String literal) {
      this.literal = literal;
    }

    @Override public int intValue() {
      return (int) doubleValue();
    }

    @Override public long longValue() {
      return (long) doubleValue();
    }

    @Override public float floatValue() {
      return (float) doubleValue();
    }

    @Override public double doubleValue() {
      return Double.parseDouble(literal);
    }

    @Override public String toString() {
      return literal;
    }
  }

  /** Writes {@code raw}, already valid JSON, as the next value. */
  public static void writeRaw(JsonWriter writer, String raw) throws IOException {
    try (okio.BufferedSink sink = writer.valueSink()) {
      sink.writeUtf8(raw);
    }
  }

  /** Serializes a JSON-compatible Java value (Map, List, String, Number, Boolean, null). */
  public static String toJson(@Nullable Object value) {
    return MOSHI.adapter(Object.class).toJson(value);
  }

  /** Parses any JSON text into Java values (numbers become Double). */
  public static @Nullable Object parse(String json) {
    try {
      return MOSHI.adapter(Object.class).fromJson(json);
    } catch (IOException | JsonDataException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
  }

  /** Throws {@link IllegalArgumentException} unless {@code json} is one well-formed JSON object. */
  public static void requireObject(String json, String what) {
    try {
      JsonReader reader = reader(json);
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw new IllegalArgumentException(what + " must be a JSON object");
      }
      reader.skipValue();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new IllegalArgumentException(what + " has trailing data");
      }
    } catch (IOException | JsonDataException e) {
      throw new IllegalArgumentException(what + " is malformed JSON: " + e.getMessage(), e);
    }
  }

  /** Writes an object via {@code body} and returns its JSON text. */
  public static String write(WriterBody body) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      body.write(writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  /** Something that writes JSON. */
  public interface WriterBody {
    void write(JsonWriter writer) throws IOException;
  }
}
