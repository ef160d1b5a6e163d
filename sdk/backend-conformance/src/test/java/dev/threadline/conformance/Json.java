package dev.threadline.conformance;

import dev.threadline.testkit.internal.JsonText;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * JSON trees for assertions, and the two spellings the backend writes: Python's {@code json.dumps} defaults
 * (stream events) and Starlette's {@code JSONResponse} (every other body). Parsing and writing are the
 * testkit's {@link JsonText}, which the fake writes with: held against the real backend's bytes here, so a
 * wrong spelling in the testkit fails the real backend's contract run. Trees are {@code null},
 * {@link Boolean}, {@link String}, numbers, {@link Map} (order kept) and {@link List}.
 */
final class Json {
  private Json() {}

  /** The tree of {@code text}; throws {@link IllegalArgumentException} for text that is not one JSON value. */
  static Object parse(String text) {
    return JsonText.parse(text);
  }

  /** {@code tree} in Starlette's spelling: {@code ,} and {@code :} separators, non-ASCII kept. */
  static String write(Object tree) {
    return JsonText.write(tree, JsonText.Style.COMPACT);
  }

  /** {@code text} as Python's {@code json.dumps(obj)} spells it: {@code ", "}, {@code ": "}, non-ASCII escaped. */
  static String pythonDumps(String text) {
    return JsonText.write(parse(text), JsonText.Style.PYTHON_DUMPS);
  }

  /** {@code text} as Starlette's {@code JSONResponse} spells it. */
  static String starlette(String text) {
    return write(parse(text));
  }

  /** The value at {@code path} (map keys and list indexes) in {@code tree}; fails where a key is missing. */
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

  /** The number at {@code path}, exactly as written. */
  static BigDecimal numberAt(Object tree, Object... path) {
    Object node = at(tree, path);
    if (!(node instanceof JsonText.Num)) throw new AssertionError("not a number: " + write(node));
    return new BigDecimal(node.toString());
  }

  /** The integer at {@code path}. */
  static int intAt(Object tree, Object... path) {
    return numberAt(tree, path).intValueExact();
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
