package dev.threadline.conformance;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * JSON trees for assertions, and the two spellings the backend writes: Python's {@code json.dumps} defaults
 * (stream events) and Starlette's {@code JSONResponse} (every other body). Trees are {@code null},
 * {@link Boolean}, {@link String}, {@link BigDecimal} (numbers, as written), {@link Map} (order kept) and
 * {@link List}.
 */
final class Json {
  private Json() {}

  /** The tree of {@code text}; throws {@link IllegalArgumentException} for text that is not one JSON value. */
  static Object parse(String text) {
    try {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(text));
      Object tree = read(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) throw new IllegalArgumentException("trailing data: " + text);
      return tree;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not JSON: " + text, e);
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
      case NUMBER: return new BigDecimal(reader.nextString());
      case BOOLEAN: return reader.nextBoolean();
      case NULL: return reader.nextNull();
      default: throw new IOException("unexpected " + reader.peek());
    }
  }

  /** {@code tree} in Starlette's spelling: {@code ,} and {@code :} separators, non-ASCII kept. */
  static String write(Object tree) {
    StringBuilder out = new StringBuilder();
    write(tree, out, ",", ":", false);
    return out.toString();
  }

  /** {@code text} as Python's {@code json.dumps(obj)} spells it: {@code ", "}, {@code ": "}, non-ASCII escaped. */
  static String pythonDumps(String text) {
    StringBuilder out = new StringBuilder();
    write(parse(text), out, ", ", ": ", true);
    return out.toString();
  }

  /** {@code text} as Starlette's {@code JSONResponse} spells it. */
  static String starlette(String text) {
    return write(parse(text));
  }

  private static void write(Object tree, StringBuilder out, String comma, String colon, boolean asciiOnly) {
    if (tree instanceof Map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) tree).entrySet()) {
        out.append(separator);
        string(entry.getKey().toString(), out, asciiOnly);
        out.append(colon);
        write(entry.getValue(), out, comma, colon, asciiOnly);
        separator = comma;
      }
      out.append('}');
    } else if (tree instanceof List) {
      out.append('[');
      String separator = "";
      for (Object element : (List<?>) tree) {
        out.append(separator);
        write(element, out, comma, colon, asciiOnly);
        separator = comma;
      }
      out.append(']');
    } else if (tree instanceof String) {
      string((String) tree, out, asciiOnly);
    } else {
      out.append(tree);
    }
  }

  private static void string(String value, StringBuilder out, boolean asciiOnly) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
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

  /** The value at {@code path} (map keys and list indexes) in {@code tree}. */
  static Object at(Object tree, Object... path) {
    Object node = tree;
    for (Object step : path) {
      if (step instanceof Integer) {
        node = ((List<?>) node).get((Integer) step);
      } else {
        if (!(node instanceof Map) || !((Map<?, ?>) node).containsKey(step)) {
          throw new AssertionError("no " + step + " in " + write(node));
        }
        node = ((Map<?, ?>) node).get(step);
      }
    }
    return node;
  }

  /** The value at {@code path} in {@code tree}, or null where a map lacks a key on the way. */
  static Object find(Object tree, Object... path) {
    Object node = tree;
    for (Object step : path) {
      if (step instanceof Integer) {
        node = ((List<?>) node).get((Integer) step);
      } else if (node instanceof Map) {
        node = ((Map<?, ?>) node).get(step);
      } else {
        return null;
      }
    }
    return node;
  }

  /** The integer at {@code path}. */
  static int intAt(Object tree, Object... path) {
    return ((BigDecimal) at(tree, path)).intValueExact();
  }

  /** The string at {@code path}. */
  static String stringAt(Object tree, Object... path) {
    return (String) at(tree, path);
  }

  /** The list at {@code path}. */
  static List<?> listAt(Object tree, Object... path) {
    return (List<?>) at(tree, path);
  }
}
