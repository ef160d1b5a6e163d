package dev.threadline.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cache's fast read of an item record gives exactly what the full parse gives, field for field and byte
 * for byte, and reads every record the SDK itself writes; anything else is left to the full parse.
 */
class CanonicalRecordReaderTest {
  private static final EpochSeconds AT = EpochSeconds.parse("1737331539.012349");
  private static final String[] NAMES = {"id", "workflowId", "role", "message", "status", "roundNumber",
      "progress", "type", "meta", "tags", "score", "z", "", "caf\u00e9", "line\nbreak"};

  @Test void readsEveryRecordTheSdkWritesAsTheFullParseReadsIt() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      // The backend writes Python dicts: no name twice in one object.
      String spelled = randomRecord(random, true);
      ChatItem parsed = fullParse(spelled);
      String stored = parsed.itemJson();

      ItemCodec.Record record = CanonicalRecordReader.read(utf8(stored));
      assertNotNull(record, () -> "the SDK's own spelling is read without a full parse: " + stored);
      assertSame(parsed, ItemCodec.item(parsed.type(), AT, utf8(stored)), stored);
    }
  }

  @Test void anyOtherSpellingGivesTheSameItemAsTheFullParse() {
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      String spelled = randomRecord(random, false);
      ChatItem parsed = fullParse(spelled);
      assertSame(parsed, ItemCodec.item(parsed.type(), AT, utf8(spelled)), spelled);
    }
  }

  @Test void leavesSpellingsItDoesNotWriteToTheFullParse() {
    for (String other : new String[] {
        "{\"id\": \"a\"}", // spaced
        "{\"message\":\"m\",\"id\":\"a\"}", // typed fields out of order
        "{\"id\":\"a\",\"id\":\"b\"}", // twice
        "{\"x\":1,\"id\":\"a\"}", // a typed field after the rest
        "{\"id\":\"a\",\"x\":1,\"id\":7}", // a number id, kept in the rest, after a typed one
        "{\"roundNumber\":2.0}", "{\"roundNumber\":-0}", // held typed, written otherwise
        "{\"progress\":0.50}", "{\"progress\":-0.0}", "{\"progress\":5e-1}",
        "{\"x\":\"\\u0041\"}", "{\"x\":\"\\/\"}", "{\"x\":\"\\u000A\"}", "{\"x\":\"\\u000a\"}",
        "{\"x\":\"\u2028\"}", // Moshi escapes U+2028
        "{\"x\":01}", "{\"x\":1.}", "{\"x\":.5}", "{\"x\":+1}", "{\"x\":1e}",
        "{\"x\":[1,]}", "{\"x\":{}}, ", "{\"x\":tru}", "{\"x\":1}}", "{\"x\":1,}", "{,}", "[]", ""}) {
      assertNull(CanonicalRecordReader.read(utf8(other)), other);
    }
    byte[] deep = utf8("{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}");
    assertNull(CanonicalRecordReader.read(deep), "deep nesting is the full parse's to judge");
    assertNotNull(CanonicalRecordReader.read(utf8("{\"x\":" + "[".repeat(40) + "]".repeat(40) + "}")));
  }

  @Test void malformedBytesAreRefusedAsTheFullParseRefusesThem() {
    for (byte[] bad : new byte[][] {
        utf8("{\"x\":1"), utf8("{\"x\":\"open}"), utf8("{\"x\":1} trailing"), utf8("not json"),
        {'{', '"', 'x', '"', ':', '"', (byte) 0xc3, '"', '}'}, // a cut UTF-8 sequence
        {'{', '"', 'x', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'}, // a lone surrogate
        {'{', '"', 'x', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'}}) { // overlong
      assertNull(CanonicalRecordReader.read(bad));
    }
    assertThrows(IllegalArgumentException.class, () -> ItemCodec.item("log", AT, utf8("{\"x\":1")));
    assertThrows(IllegalArgumentException.class, () -> ItemCodec.item("log", AT, utf8("{\"x\":1} trailing")));
  }

  @Test void escapedAndNonAsciiTextReadsBackExactly() {
    StringBuilder every = new StringBuilder();
    for (char c = 0; c < 0x80; c++) every.append(c);
    every.append("\u00e9\u2028\u2029\ud83d\ude00\uffff");
    ChatItem parsed = fullParse("{\"id\":\"a\",\"message\":" + python(every.toString()) + ",\"x\":"
        + python(every.toString()) + "}");
    String stored = parsed.itemJson();
    assertNotNull(CanonicalRecordReader.read(utf8(stored)), stored);
    ChatItem read = ItemCodec.item(parsed.type(), AT, utf8(stored));
    assertEquals(every.toString(), read.message());
    assertSame(parsed, read, stored);
  }

  /** Field for field, and the same bytes written back (which shows the rest and the flags are the same). */
  private static void assertSame(ChatItem expected, ChatItem actual, String input) {
    assertEquals(expected.type(), actual.type(), input);
    assertEquals(expected.id(), actual.id(), input);
    assertEquals(expected.workflowId(), actual.workflowId(), input);
    assertEquals(expected.role(), actual.role(), input);
    assertEquals(expected.message(), actual.message(), input);
    assertEquals(expected.status(), actual.status(), input);
    assertEquals(expected.roundNumber(), actual.roundNumber(), input);
    assertEquals(expected.progress(), actual.progress(), input);
    assertEquals(expected.itemJson(), actual.itemJson(), input);
    assertEquals(expected.toJson(), actual.toJson(), input);
    assertEquals(expected, actual, input);
    assertEquals(expected.hashCode(), actual.hashCode(), input);
  }

  private static ChatItem fullParse(String record) {
    return ItemCodec.parse("{\"type\":\"log\",\"createdAt\":" + AT + ",\"item\":" + record + "}");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A record of random fields, values of every kind, in one of the backend's two spellings; with
   * {@code unique}, no top-level name twice.
   */
  private static String randomRecord(Random random, boolean unique) {
    boolean spaced = random.nextBoolean();
    StringBuilder out = new StringBuilder("{");
    int fields = random.nextInt(8);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < fields; i++) {
      String name = NAMES[random.nextInt(NAMES.length)];
      if (unique && !names.add(name)) continue;
      if (out.length() > 1) out.append(spaced ? ", " : ",");
      out.append(python(name)).append(spaced ? ": " : ":");
      out.append(randomValue(random, spaced, 0));
    }
    return out.append('}').toString();
  }

  private static String randomValue(Random random, boolean spaced, int depth) {
    switch (random.nextInt(depth > 3 ? 4 : 6)) {
      case 0: return python(randomText(random));
      case 1: return randomNumber(random);
      case 2: return new String[] {"true", "false", "null"}[random.nextInt(3)];
      case 3: return python(new String[] {"user", "assistant", "running", "wf_1", "a"}[random.nextInt(5)]);
      case 4: {
        StringBuilder array = new StringBuilder("[");
        for (int i = random.nextInt(4); i > 0; i--) {
          array.append(randomValue(random, spaced, depth + 1)).append(i > 1 ? (spaced ? ", " : ",") : "");
        }
        return array.append(']').toString();
      }
      default: {
        StringBuilder object = new StringBuilder("{");
        for (int i = random.nextInt(4); i > 0; i--) {
          object.append(python(NAMES[random.nextInt(NAMES.length)])).append(spaced ? ": " : ":")
              .append(randomValue(random, spaced, depth + 1)).append(i > 1 ? (spaced ? ", " : ",") : "");
        }
        return object.append('}').toString();
      }
    }
  }

  private static String randomNumber(Random random) {
    String[] literals = {"0", "-0", "7", "-12", "2", "3", "0.5", "0.50", "-0.0", "0.35", "1e5", "1E+5", "2.5e-3",
        "12345678901234567890", "1e999", "0.1234567890123456789", "99999999999", "2147483647", "-2147483648",
        "2147483648", "1.0", "20e-1"};
    return literals[random.nextInt(literals.length)];
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      int kind = random.nextInt(10);
      if (kind < 5) text.append((char) ('a' + random.nextInt(26)));
      else if (kind == 5) text.append((char) random.nextInt(0x80));
      else if (kind == 6) text.append("\u00fc\u00df\u00e9".charAt(random.nextInt(3)));
      else if (kind == 7) text.append(random.nextBoolean() ? "\u2028" : "\u2029");
      else if (kind == 8) text.append("\ud83d\ude00");
      else text.append("\"\\/");
    }
    return text.toString();
  }

  /** {@code text} as a JSON string in Python's json.dumps style: non-ASCII and control characters escaped. */
  private static String python(String text) {
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
