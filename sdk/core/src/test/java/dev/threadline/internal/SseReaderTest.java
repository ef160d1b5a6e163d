package dev.threadline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.MalformedResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SSE parser on the bodies that broke okhttp-sse's and on the WHATWG rules, each fed whole, split at
 * every byte into two reads, and one byte per read: the events are the same, and every body ends.
 */
class SseReaderTest {
  static Stream<Arguments> bodies() {
    return Stream.of(
        Arguments.of("lone CR ends the last line", "data: a\r\r", List.of("null|null|a")),
        Arguments.of("CR only, with id, event and retry", "id: 7\revent: note\rretry: 1500\rdata: a\r\rdata: b\r\r",
            List.of("retry 1500", "7|note|a", "7|null|b")),
        Arguments.of("CRLF", "data: a\r\n\r\ndata: b\r\n\r\n", List.of("null|null|a", "null|null|b")),
        Arguments.of("mixed line ends", "data: a\r\n\rdata: b\n\r\ndata: c\r\r\n",
            List.of("null|null|a", "null|null|b", "null|null|c")),
        Arguments.of("a byte-order mark before the first event", "\uFEFFdata: a\n\n", List.of("null|null|a")),
        Arguments.of("a byte-order mark only at the start counts", "data: a\n\n\uFEFFdata: b\n\n", List.of("null|null|a")),
        Arguments.of("multi-line data joined by LF", "data: {\"a\":\ndata:1}\n\n", List.of("null|null|{\"a\":\n1}")),
        Arguments.of("comments and keepalives", ": keepalive\r\n\r\n:x\ndata: a\n: between\n\n", List.of("null|null|a")),
        Arguments.of("no space after the colon, a field without colon", "data:a\ndata\n\n", List.of("null|null|a\n")),
        Arguments.of("event type resets after dispatch, id stays", "id: 1\nevent: end\ndata: x\n\ndata: y\n\n",
            List.of("1|end|x", "1|null|y")),
        Arguments.of("an id with NUL is ignored", "id: 2\ndata: x\n\nid: 3\0\ndata: y\n\n", List.of("2|null|x", "2|null|y")),
        Arguments.of("retry garbage is ignored, huge is very long",
            "retry: 12x\nretry: -1\nretry:\nretry: 99999999999999999999999\ndata: a\n\n",
            List.of("retry " + Long.MAX_VALUE, "null|null|a")),
        Arguments.of("an event without data dispatches nothing", "event: x\nid: 4\n\ndata: a\n\n", List.of("4|null|a")),
        Arguments.of("an event cut off by the end is dropped", "data: a\n\ndata: b\n", List.of("null|null|a")),
        Arguments.of("an unterminated last line is dropped", "data: a\n\ndata: b", List.of("null|null|a")),
        Arguments.of("empty body", "", List.of()),
        Arguments.of("only line ends", "\r\r\n\n\r", List.of()),
        Arguments.of("invalid UTF-8 is replaced, not fatal", "data: \u00ff\n\n", List.of("null|null|\uFFFD")));
  }

  @ParameterizedTest(name = "{0}") @MethodSource("bodies")
  void everySplitGivesTheSameEvents(String name, String body, List<String> expected) throws IOException {
    byte[] bytes = bytes(body);
    assertEquals(expected, parse(new Buffer().write(bytes), 1 << 20), "whole");
    assertEquals(expected, parse(Okio.buffer(new Trickle(bytes, 1)), 1 << 20), "one byte per read");
    for (int split = 0; split <= bytes.length; split++) {
      assertEquals(expected, parse(Okio.buffer(new TwoReads(bytes, split)), 1 << 20), "split at " + split);
    }
  }

  @Test void anEventLargerThanTheLimitFailsAfterBufferingAboutTheLimit() {
    Endless endless = new Endless("data: ".getBytes(StandardCharsets.UTF_8), (byte) 'a');
    SseReader reader = new SseReader(Okio.buffer(endless), 100_000, callback(new ArrayList<>()));
    assertThrows(MalformedResponseException.class, () -> {
      while (reader.processNextEvent()) {
        // Only the limit ends it: the line never does.
      }
    });
    // The limit plus at most one segment read ahead.
    assertTrue(endless.produced <= 100_000 + 2 * 8192, "read " + endless.produced);
  }

  @Test void manyLinesOfOneEventCountTogether() {
    Endless endless = new Endless(new byte[0], (byte) '\n') {
      private int i;

      @Override byte next() {
        return (byte) (i++ % 10 == 9 ? '\n' : 'x');
      }
    };
    // "xxxxxxxxx" lines: fields without data, never a blank line; the event's lines add up to the limit.
    SseReader reader = new SseReader(Okio.buffer(endless), 10_000, callback(new ArrayList<>()));
    assertThrows(MalformedResponseException.class, () -> {
      while (reader.processNextEvent()) {
        // never dispatches
      }
    });
  }

  @Test void eventsUnderTheLimitGoOnForEver() throws IOException {
    byte[] event = bytes("data: " + "a".repeat(900) + "\n\n");
    List<String> events = new ArrayList<>();
    Buffer buffer = new Buffer();
    for (int i = 0; i < 1000; i++) buffer.write(event);
    SseReader reader = new SseReader(buffer, 1000, callback(events));
    while (reader.processNextEvent()) {
      // one event per call
    }
    assertEquals(1000, events.size());
  }

  private static List<String> parse(BufferedSource source, long limit) throws IOException {
    List<String> events = new ArrayList<>();
    SseReader reader = new SseReader(source, limit, callback(events));
    int calls = 0;
    while (reader.processNextEvent()) {
      // Each call dispatches one event: a body of n bytes cannot make more calls than that.
      assertTrue(++calls <= 1 + events.size(), "a call returned without an event");
    }
    return events;
  }

  private static SseReader.Callback callback(List<String> events) {
    return new SseReader.Callback() {
      @Override public void onEvent(String id, String type, ByteString data) {
        events.add(id + "|" + type + "|" + data.utf8());
      }

      @Override public void onRetry(long millis) {
        events.add("retry " + millis);
      }
    };
  }

  private static byte[] bytes(String body) {
    // U+00FF stands for a lone 0xFF byte, which no UTF-8 text holds.
    byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
    Buffer out = new Buffer();
    for (int i = 0; i < utf8.length; i++) {
      if ((utf8[i] & 0xff) == 0xc3 && i + 1 < utf8.length && (utf8[i + 1] & 0xff) == 0xbf) {
        out.writeByte(0xff);
        i++;
      } else {
        out.writeByte(utf8[i]);
      }
    }
    return out.readByteArray();
  }

  /** Gives {@code step} bytes per read. */
  private static class Trickle implements Source {
    private final byte[] bytes;
    private final int step;
    private int position;

    Trickle(byte[] bytes, int step) {
      this.bytes = bytes;
      this.step = step;
    }

    @Override public long read(Buffer sink, long byteCount) {
      if (position >= bytes.length) return -1;
      int n = (int) Math.min(Math.min(step, byteCount), nextRead());
      sink.write(bytes, position, n);
      position += n;
      return n;
    }

    int nextRead() {
      return bytes.length - position;
    }

    int position() {
      return position;
    }

    @Override public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override public void close() {}
  }

  /** Gives the bytes before {@code split} in one read and the rest in the next. */
  private static final class TwoReads extends Trickle {
    private final int split;

    TwoReads(byte[] bytes, int split) {
      super(bytes, Integer.MAX_VALUE);
      this.split = split;
    }

    @Override int nextRead() {
      int left = super.nextRead();
      return position() < split ? Math.min(left, split - position()) : left;
    }
  }

  /** A prefix, then one byte for ever. */
  private static class Endless implements Source {
    private final byte[] prefix;
    private final byte fill;
    long produced;

    Endless(byte[] prefix, byte fill) {
      this.prefix = prefix;
      this.fill = fill;
    }

    byte next() {
      return fill;
    }

    @Override public long read(Buffer sink, long byteCount) {
      int n = (int) Math.min(byteCount, 8192);
      for (int i = 0; i < n; i++, produced++) {
        sink.writeByte(produced < prefix.length ? prefix[(int) produced] : next());
      }
      return n;
    }

    @Override public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override public void close() {}
  }
}
