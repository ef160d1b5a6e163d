package dev.threadline.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.threadline.ChatItem;
import dev.threadline.Workflow;
import dev.threadline.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * The canonical spelling is byte for byte what Moshi's {@code JsonWriter} writes, as it was when the SDK wrote
 * through it: records an earlier version stored must stay equal, byte for byte, to the same values read now.
 */
class CanonicalWriterTest {
  @Test void writesEveryValueAsMoshisWriterWritesIt() throws IOException {
    RandomJson random = new RandomJson(3, true);
    for (int i = 0; i < 20_000; i++) {
      String json = random.value(random.nextBoolean(), 0);
      assertArrayEquals(moshi(json), CanonicalJson.of(json), json);
    }
  }

  @Test void escapesEveryCharacterAsMoshiDoes() throws IOException {
    StringBuilder every = new StringBuilder();
    for (char c = 0; c < 0x3000; c++) every.append(c);
    every.append("\ud83d\ude00\ud83d\ufffe\ude00\uffff");
    String json = RandomJson.python(every.toString());
    assertArrayEquals(moshi(json), CanonicalJson.of(json));
  }

  @Test void keepsAnItemsOtherFieldsAsMoshiWroteThem() throws IOException {
    RandomJson random = new RandomJson(5, true);
    for (int i = 0; i < 10_000; i++) {
      String record = random.record(true);
      ChatItem item = ChatItem.fromJson("{\"type\": \"log\", \"createdAt\": 1.5, \"item\": " + record + "}");
      JsonReader fields = Json.reader(record);
      fields.beginObject();
      while (fields.hasNext()) {
        String name = fields.nextName();
        String value = Json.nextRaw(fields);
        if (!isTyped(name)) assertEquals(text(moshi(value)), item.rawField(name), record);
      }
    }
  }

  @Test void keepsAWorkflowAsMoshiWroteIt() throws IOException {
    RandomJson random = new RandomJson(9, true);
    for (int i = 0; i < 5_000; i++) {
      String record = random.record(true);
      String json = "{\"id\": \"wf_1\", " + record.substring(1);
      if (record.equals("{}")) json = "{\"id\": \"wf_1\"}";
      if (record.contains("\"id\"")) continue;
      assertEquals(text(moshi(json)), Workflow.fromJson(json).json(), json);
    }
  }

  private static boolean isTyped(String name) {
    for (String typed : ItemCodec.TYPED_FIELDS) if (typed.equals(name)) return true;
    return false;
  }

  /** {@code json} copied through Moshi's writer, numbers as their literal. */
  private static byte[] moshi(String json) throws IOException {
    JsonReader reader = Json.reader(json);
    Buffer out = new Buffer();
    try (JsonWriter writer = JsonWriter.of(out)) {
      writer.setSerializeNulls(true);
      copy(reader, writer);
    }
    return out.readByteArray();
  }

  private static void copy(JsonReader reader, JsonWriter writer) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        reader.beginObject();
        writer.beginObject();
        while (reader.hasNext()) {
          writer.name(reader.nextName());
          copy(reader, writer);
        }
        reader.endObject();
        writer.endObject();
        break;
      case BEGIN_ARRAY:
        reader.beginArray();
        writer.beginArray();
        while (reader.hasNext()) copy(reader, writer);
        reader.endArray();
        writer.endArray();
        break;
      case STRING: writer.value(reader.nextString()); break;
      case NUMBER: writer.value(new Literal(Json.nextNumber(reader))); break;
      case BOOLEAN: writer.value(reader.nextBoolean()); break;
      default: reader.nextNull(); writer.nullValue(); break;
    }
  }

  private static String text(byte[] utf8) {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** A number Moshi's writer writes as its literal (it writes a Number's toString()). */
  private static final class Literal extends Number {
    private final String literal;

    Literal(String literal) {
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
}
