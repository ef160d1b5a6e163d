package dev.threadline.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The cache's fast read of an item record gives exactly what the full parse gives, field for field and byte
 * for byte, and reads every record the SDK itself writes; anything else is left to the full parse.
 */
class CanonicalRecordReaderTest {
  private static final EpochSeconds AT = EpochSeconds.parse("1737331539.012349");

  @Test void readsEveryRecordTheSdkWritesAsTheFullParseReadsIt() {
    RandomJson random = new RandomJson(7, false);
    for (int i = 0; i < 20_000; i++) {
      // The backend writes Python dicts: no name twice in one object.
      String spelled = random.record(true);
      ChatItem parsed = fullParse(spelled);
      String stored = parsed.itemJson();

      ItemCodec.Record record = CanonicalRecordReader.read(utf8(stored));
      assertNotNull(record, () -> "the SDK's own spelling is read without a full parse: " + stored);
      assertSame(parsed, ItemCodec.item(parsed.type(), AT, utf8(stored)), stored);
    }
  }

  @Test void anyOtherSpellingGivesTheSameItemAsTheFullParse() {
    RandomJson random = new RandomJson(11, false);
    for (int i = 0; i < 20_000; i++) {
      String spelled = random.record(false);
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
    ChatItem parsed = fullParse("{\"id\":\"a\",\"message\":" + RandomJson.python(every.toString()) + ",\"x\":"
        + RandomJson.python(every.toString()) + "}");
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
}
