package dev.threadline.internal.wire;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.threadline.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Writes JSON in the {@linkplain CanonicalJson canonical} spelling: compact, strings escaped exactly as Moshi's
 * {@code JsonWriter} escapes them, numbers as their literal.
 *
 * <p>The spelling is Moshi's because the caches hold records an earlier version wrote through Moshi's writer;
 * their bytes must stay equal to what this writes for the same values. It is written here, into a
 * {@code StringBuilder}, because a Moshi writer per decoded item (an okio buffer, its scope stacks, a UTF-8
 * encoding step per string) cost about a sixth of decoding a stream. Nesting is not checked: the values come
 * from a {@link JsonReader}, which refuses nesting deeper than it can read.
 */
final class CanonicalWriter {
  private final StringBuilder out;

  CanonicalWriter(int capacity) {
    out = new StringBuilder(capacity);
  }

  CanonicalWriter beginObject() {
    separate();
    out.append('{');
    return this;
  }

  CanonicalWriter endObject() {
    out.append('}');
    return this;
  }

  CanonicalWriter name(String name) {
    separate();
    quote(out, name);
    out.append(':');
    return this;
  }

  CanonicalWriter value(String text) {
    separate();
    quote(out, text);
    return this;
  }

  /** Writes the number {@code literal} exactly as it is spelled. */
  CanonicalWriter number(String literal) {
    separate();
    out.append(literal);
    return this;
  }

  /** The UTF-8 bytes written; an unpaired surrogate is written as {@code ?}, as okio writes it. */
  byte[] toBytes() {
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Copies the next value of {@code reader}, whatever it is, in the canonical spelling. */
  CanonicalWriter copyValue(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        reader.beginObject();
        beginObject();
        while (reader.hasNext()) {
          name(reader.nextName());
          copyValue(reader);
        }
        reader.endObject();
        return endObject();
      case BEGIN_ARRAY:
        reader.beginArray();
        separate();
        out.append('[');
        while (reader.hasNext()) copyValue(reader);
        reader.endArray();
        out.append(']');
        return this;
      case STRING: return value(reader.nextString());
      case NUMBER: return number(Json.nextNumber(reader));
      case BOOLEAN:
        separate();
        out.append(reader.nextBoolean());
        return this;
      case NULL:
        reader.nextNull();
        separate();
        out.append("null");
        return this;
      default: throw new JsonDataException("unexpected " + reader.peek() + " at " + reader.getPath());
    }
  }

  /** A comma before a name or value unless it is the first in its object or array, or a member's value. */
  private void separate() {
    int length = out.length();
    if (length == 0) return;
    char last = out.charAt(length - 1);
    if (last != '{' && last != '[' && last != ':') out.append(',');
  }

  /** Appends {@code text} as a JSON string, escaped as Moshi's writer escapes it (the canonical spelling). */
  static void quote(StringBuilder out, String text) {
    out.append('"');
    int plain = 0;
    for (int i = 0; i < text.length(); i++) {
      String escape = escape(text.charAt(i));
      if (escape == null) continue;
      out.append(text, plain, i).append(escape);
      plain = i + 1;
    }
    out.append(text, plain, text.length()).append('"');
  }

  private static @Nullable String escape(char c) {
    if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029') return null;
    switch (c) {
      case '"': return "\\\"";
      case '\\': return "\\\\";
      case '\n': return "\\n";
      case '\r': return "\\r";
      case '\t': return "\\t";
      case '\b': return "\\b";
      case '\f': return "\\f";
      case '\u2028': return "\\u2028";
      case '\u2029': return "\\u2029";
      default: return "\\u00" + Character.forDigit(c >> 4, 16) + Character.forDigit(c & 0xf, 16);
    }
  }
}
