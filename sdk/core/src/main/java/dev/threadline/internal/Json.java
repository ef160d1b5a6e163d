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

  /** Whether {@code reader} has read the whole document: false if anything but whitespace follows. */
  public static boolean atEnd(JsonReader reader) {
    try {
      return reader.peek() == JsonReader.Token.END_DOCUMENT;
    } catch (IOException | JsonDataException e) {
      // In strict mode Moshi refuses a second value with an exception rather than a token.
      return false;
    }
  }

  /**
   * Reads the next value, a number, as its exact literal. Moshi's {@code nextString()} returns a number's
   * text as written, or for an integer that fits a long that long's {@code toString()}, which is the same
   * text (JSON has no leading zeros or plus signs, and Moshi keeps {@code -0} as text); it is far cheaper than
   * {@link #nextRaw}.
   */
  public static String nextNumber(JsonReader reader) throws IOException {
    return reader.nextString();
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
    return nextNumber(reader);
  }

  /** Reads a string, or returns null for JSON null or a value of another kind (which is skipped). */
  public static @Nullable String nextStringOrNull(JsonReader reader) throws IOException {
    JsonReader.Token token = reader.peek();
    if (token == JsonReader.Token.STRING) return reader.nextString();
    // A number where a string id was expected is still an id: keep its text.
    if (token == JsonReader.Token.NUMBER) return nextNumber(reader);
    reader.skipValue();
    return null;
  }

  /** Reads an integer, or returns null for JSON null or anything that is not a whole number. */
  public static @Nullable Integer nextIntOrNull(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.NUMBER) {
      reader.skipValue();
      return null;
    }
    return intOrNull(nextNumber(reader));
  }

  /** The value of the number {@code literal} if it is a whole number that fits an int, else null. */
  public static @Nullable Integer intOrNull(String literal) {
    try {
      // The common spelling, digits only, needs no BigDecimal; parseInt refuses what overflows, as it should.
      if (isDigits(literal)) return Integer.parseInt(literal);
      return new java.math.BigDecimal(literal).intValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  /** Whether {@code literal} is an optional minus and one to ten digits. */
  private static boolean isDigits(String literal) {
    int start = literal.startsWith("-") ? 1 : 0;
    if (literal.length() == start || literal.length() > start + 10) return false;
    for (int i = start; i < literal.length(); i++) {
      if (literal.charAt(i) < '0' || literal.charAt(i) > '9') return false;
    }
    return true;
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
