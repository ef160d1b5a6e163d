package dev.threadline.testkit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.BufferedSink;

/**
 * Writes a body in HTTP/1.1 chunked encoding, one chunk per SSE event, flushed at once (as uvicorn sends
 * each piece a streaming response yields). MockWebServer writes the final CRLF (the empty trailers) after
 * {@link #finish()}.
 */
final class ChunkedWriter {
  private final BufferedSink sink;

  ChunkedWriter(BufferedSink sink) {
    this.sink = sink;
  }

  void write(String text) throws IOException {
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  void write(byte[] bytes) throws IOException {
    if (bytes.length == 0) return;
    sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n");
    sink.write(bytes);
    sink.writeUtf8("\r\n");
    sink.flush();
  }

  /** Writes the last chunk: the body ends cleanly. */
  void finish() throws IOException {
    sink.writeUtf8("0\r\n");
    sink.flush();
  }

  void flush() throws IOException {
    sink.flush();
  }
}
