package dev.threadline.internal;

import dev.threadline.MalformedResponseException;
import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A server-sent events parser after the WHATWG rules: lines end with CRLF, LF or a lone CR; a leading
 * UTF-8 byte-order mark is dropped; {@code data}, {@code id}, {@code event} and {@code retry} fields;
 * comments; an event is dispatched on a blank line, and an event cut off by the end of the stream is not.
 *
 * <p>Written for the SDK instead of using okhttp-sse's parser, which loops for ever on a body whose last
 * line ends in a lone CR, and which buffers a line of any length. Here every call consumes bytes or ends,
 * and one event (its lines, comments included) may hold at most {@code maxEventBytes} bytes: past that
 * the stream fails with a {@link MalformedResponseException}, having buffered no more than the limit and one read.
 * A CR is never held back waiting for a possible LF, so an event ending in CR is dispatched at once.
 */
public final class SseReader {
  private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");
  private static final ByteString BOM = ByteString.decodeHex("efbbbf");
  private static final ByteString DATA_SPACE = ByteString.encodeUtf8("data: ");

  /** Receives the parsed events. */
  public interface Callback {
    /**
     * One event: {@code id} is the last event id so far (or null), {@code type} its {@code event:} or null,
     * {@code data} its data lines joined by LF, as the UTF-8 bytes received (a decoder reads them without
     * their first being turned into a {@code String}).
     */
    void onEvent(@Nullable String id, @Nullable String type, ByteString data);

    /** The stream set the reconnection time with {@code retry:}. */
    void onRetry(long millis);
  }

  private final BufferedSource source;
  private final Buffer buffer;
  private final long maxEventBytes;
  private final Callback callback;
  private boolean atStart = true;
  private boolean skipLeadingLf;
  private long eventBytes;
  private @Nullable String lastId;
  private @Nullable String type;
  private @Nullable ByteString data;
  private @Nullable Buffer moreData;

  /** Reads events from {@code source}, each at most {@code maxEventBytes}, handing them to {@code callback}. */
  public SseReader(BufferedSource source, long maxEventBytes, Callback callback) {
    if (maxEventBytes < 1) throw new IllegalArgumentException("maxEventBytes < 1");
    this.source = source;
    this.buffer = source.getBuffer();
    this.maxEventBytes = maxEventBytes;
    this.callback = callback;
  }

  /**
   * Reads lines until one event was dispatched or the stream ended.
   *
   * @return false at the end of the stream
   * @throws MalformedResponseException if an event grows past the size limit
   */
  public boolean processNextEvent() throws IOException {
    while (true) {
      long end = lineEnd();
      if (end < 0) return false;
      if (processLine(end)) return true;
    }
  }

  /**
   * The length of the next line in the buffer (without its line end), reading as needed; -1 at the end of
   * the stream (an unterminated last line is dropped, like the incomplete event it belongs to).
   */
  private long lineEnd() throws IOException {
    long scanned = 0;
    while (true) {
      if (skipLeadingLf && buffer.size() > 0) {
        skipLeadingLf = false;
        if (buffer.getByte(0) == '\n') buffer.skip(1);
      }
      long end = buffer.indexOfElement(LINE_ENDS, scanned);
      if (end >= 0) {
        checkSize(end);
        return end;
      }
      scanned = buffer.size();
      checkSize(scanned);
      if (!source.request(buffer.size() + 1)) return -1;
    }
  }

  private void checkSize(long lineBytes) {
    if (eventBytes + lineBytes > maxEventBytes) {
      throw SdkExceptions.get().malformed("stream event larger than " + maxEventBytes + " bytes", 0, null);
    }
  }

  /** Consumes one line of {@code length} bytes and its line end; true if it dispatched an event. */
  private boolean processLine(long length) throws IOException {
    if (atStart) {
      atStart = false;
      if (length >= BOM.size() && buffer.rangeEquals(0, BOM)) {
        buffer.skip(BOM.size());
        length -= BOM.size();
      }
    }
    eventBytes += length + 1;
    if (length >= DATA_SPACE.size() && buffer.rangeEquals(0, DATA_SPACE)) {
      // The common line, decoded once without the field name.
      buffer.skip(DATA_SPACE.size());
      appendData(buffer.readByteString(length - DATA_SPACE.size()));
      consumeLineEnd();
      return false;
    }
    String line = length == 0 ? "" : buffer.readUtf8(length);
    consumeLineEnd();
    if (line.isEmpty()) return dispatch();
    int colon = line.indexOf(':');
    if (colon == 0) return false;
    String field = colon < 0 ? line : line.substring(0, colon);
    int valueStart = colon < 0 ? line.length() : colon + 1;
    if (valueStart < line.length() && line.charAt(valueStart) == ' ') valueStart++;
    String value = line.substring(valueStart);
    switch (field) {
      case "data": appendData(ByteString.encodeUtf8(value)); break;
      case "id": if (value.indexOf('\0') < 0) lastId = value; break;
      case "event": type = value; break;
      case "retry": retry(value); break;
      default: break;
    }
    return false;
  }

  private void consumeLineEnd() throws IOException {
    if (buffer.readByte() == '\r') skipLeadingLf = true;
  }

  private void appendData(ByteString value) {
    if (data == null) {
      data = value;
      return;
    }
    if (moreData == null) moreData = new Buffer().write(data);
    moreData.writeByte('\n').write(value);
  }

  private void retry(String value) {
    if (value.isEmpty()) return;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') return;
    }
    // Only digits: a value too large for a long is simply very long.
    long millis = value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value);
    callback.onRetry(millis);
  }

  private boolean dispatch() {
    ByteString eventData = moreData != null ? moreData.readByteString() : data;
    String eventType = type;
    data = null;
    moreData = null;
    type = null;
    eventBytes = 0;
    if (eventData == null) return false;
    callback.onEvent(lastId, eventType, eventData);
    return true;
  }
}
