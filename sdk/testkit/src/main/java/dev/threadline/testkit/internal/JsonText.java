package dev.threadline.testkit.internal;

import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * JSON text the way the Python backend writes it, and a small tree parser.
 *
 * <p>The backend writes JSON in two styles: stream events go through Python's {@code json.dumps} with its
 * defaults ({@code ", "} and {@code ": "} separators, non-ASCII escaped as {@code \\uXXXX}), and every
 * other response through Starlette's {@code JSONResponse} ({@code ","} and {@code ":"}, UTF-8 kept). Values
 * are plain Java: {@code null}, {@link Boolean}, {@link String}, {@link Integer}/{@link Long},
 * {@link Num} (an exact number literal), {@link Map} (insertion order kept) and {@link List}.
 */
public final class JsonText {
  /** How separators and non-ASCII characters are written. */
  public enum Style {
    /** Python {@code json.dumps(obj)}: the stream events. */
    PYTHON_DUMPS,
    /** Starlette {@code JSONResponse}: every non-stream body. */
    COMPACT
  }

  /** A JSON number kept as its exact literal. */
  public static final class Num {
    private final String literal;

    private Num(String literal) {
      this.literal = literal;
    }

    /** The literal, unchanged. */
    public static Num of(String literal) {
      return new Num(literal);
    }

    /** A Python float repr of {@code value}: plain digits, trailing zeros dropped, at least one decimal. */
    public static Num pyFloat(BigDecimal value) {
      String plain = value.stripTrailingZeros().toPlainString();
      if (plain.indexOf('.') < 0) plain = plain + ".0";
      return new Num(plain);
    }

    /** The literal. */
    @Override public String toString() {
      return literal;
    }

    @Override public boolean equals(Object o) {
      return o instanceof Num && ((Num) o).literal.equals(literal);
    }

    @Override public int hashCode() {
      return literal.hashCode();
    }
  }

  private JsonText() {}

  /** Writes {@code value} in {@code style}. */
  public static String write(Object value, Style style) {
    StringBuilder out = new StringBuilder();
    write(out, value, style);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value, Style style) {
    String comma = style == Style.PYTHON_DUMPS ? ", " : ",";
    String colon = style == Style.PYTHON_DUMPS ? ": " : ":";
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      writeString(out, (String) value, style == Style.PYTHON_DUMPS);
    } else if (value instanceof Boolean) {
      out.append(((Boolean) value) ? "true" : "false");
    } else if (value instanceof Integer || value instanceof Long || value instanceof Num) {
      out.append(value);
    } else if (value instanceof Map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (!first) out.append(comma);
        first = false;
        writeString(out, (String) e.getKey(), style == Style.PYTHON_DUMPS);
        out.append(colon);
        write(out, e.getValue(), style);
      }
      out.append('}');
    } else if (value instanceof List) {
      out.append('[');
      boolean first = true;
      for (Object element : (List<?>) value) {
        if (!first) out.append(comma);
        first = false;
        write(out, element, style);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }
  }

  private static void writeString(StringBuilder out, String s, boolean asciiOnly) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
          if (c < 0x20 || (asciiOnly && c > 0x7e)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /**
   * Parses one JSON document into the value types above (numbers as {@link Num}).
   *
   * @throws IllegalArgumentException with a Python-like reason if the text is not one JSON value
   */
  public static Object parse(String json) {
    try {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json));
      if (json.trim().isEmpty()) throw new IllegalArgumentException("Expecting value: line 1 column 1 (char 0)");
      Object value = read(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new IllegalArgumentException("Extra data at " + reader.getPath());
      }
      return value;
    } catch (JsonEncodingException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException) throw (IllegalArgumentException) e;
      throw new IllegalArgumentException(String.valueOf(e.getMessage()), e);
    }
  }

  private static Object read(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) map.put(reader.nextName(), read(reader));
        reader.endObject();
        return map;
      }
      case BEGIN_ARRAY: {
        List<Object> list = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) list.add(read(reader));
        reader.endArray();
        return list;
      }
      case STRING: return reader.nextString();
      case NUMBER: return Num.of(reader.nextString());
      case BOOLEAN: return reader.nextBoolean();
      case NULL: return reader.nextNull();
      default: throw new IllegalArgumentException("Expecting value at " + reader.getPath());
    }
  }
}
