package dev.threadline.internal.wire;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/** Random JSON in the backend's two spellings (Python's spaced, ASCII-escaped one and the compact one). */
final class RandomJson {
  static final String[] NAMES = {"id", "workflowId", "role", "message", "status", "roundNumber",
      "progress", "type", "meta", "tags", "score", "z", "", "caf\u00e9", "line\nbreak"};

  private final Random random;
  private final boolean loneSurrogates;

  /** With {@code loneSurrogates}, texts may hold unpaired surrogates (which UTF-8 cannot carry). */
  RandomJson(long seed, boolean loneSurrogates) {
    this.random = new Random(seed);
    this.loneSurrogates = loneSurrogates;
  }

  boolean nextBoolean() {
    return random.nextBoolean();
  }

  /** A record of random fields, values of every kind; with {@code unique}, no top-level name twice. */
  String record(boolean unique) {
    boolean spaced = random.nextBoolean();
    StringBuilder out = new StringBuilder("{");
    int fields = random.nextInt(8);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < fields; i++) {
      String name = NAMES[random.nextInt(NAMES.length)];
      if (unique && !names.add(name)) continue;
      if (out.length() > 1) out.append(spaced ? ", " : ",");
      out.append(python(name)).append(spaced ? ": " : ":");
      out.append(value(spaced, 0));
    }
    return out.append('}').toString();
  }

  /** A value of any kind, nested at most a few levels below {@code depth}. */
  String value(boolean spaced, int depth) {
    switch (random.nextInt(depth > 3 ? 4 : 6)) {
      case 0: return python(text());
      case 1: return number();
      case 2: return new String[] {"true", "false", "null"}[random.nextInt(3)];
      case 3: return python(new String[] {"user", "assistant", "running", "wf_1", "a"}[random.nextInt(5)]);
      case 4: {
        StringBuilder array = new StringBuilder("[");
        for (int i = random.nextInt(4); i > 0; i--) {
          array.append(value(spaced, depth + 1)).append(i > 1 ? (spaced ? ", " : ",") : "");
        }
        return array.append(']').toString();
      }
      default: {
        StringBuilder object = new StringBuilder("{");
        for (int i = random.nextInt(4); i > 0; i--) {
          object.append(python(NAMES[random.nextInt(NAMES.length)])).append(spaced ? ": " : ":")
              .append(value(spaced, depth + 1)).append(i > 1 ? (spaced ? ", " : ",") : "");
        }
        return object.append('}').toString();
      }
    }
  }

  private String number() {
    String[] literals = {"0", "-0", "7", "-12", "2", "3", "0.5", "0.50", "-0.0", "0.35", "1e5", "1E+5", "2.5e-3",
        "12345678901234567890", "1e999", "0.1234567890123456789", "99999999999", "2147483647", "-2147483648",
        "2147483648", "1.0", "20e-1"};
    return literals[random.nextInt(literals.length)];
  }

  private String text() {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      int kind = random.nextInt(loneSurrogates ? 11 : 10);
      if (kind < 5) text.append((char) ('a' + random.nextInt(26)));
      else if (kind == 5) text.append((char) random.nextInt(0x80));
      else if (kind == 6) text.append("\u00fc\u00df\u00e9".charAt(random.nextInt(3)));
      else if (kind == 7) text.append(random.nextBoolean() ? "\u2028" : "\u2029");
      else if (kind == 8) text.append("\ud83d\ude00");
      else if (kind == 9) text.append("\"\\/");
      else text.append(random.nextBoolean() ? '\ud83d' : '\ude00');
    }
    return text.toString();
  }

  /** {@code text} as a JSON string in Python's json.dumps style: non-ASCII and control characters escaped. */
  static String python(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c == '\n') out.append("\\n");
      else if (c < 0x20 || c > 0x7e) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }
}
