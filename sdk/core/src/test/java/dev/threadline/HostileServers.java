package dev.threadline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;

/** Event streams as a hostile or broken server writes them: byte by byte, chunked or close-delimited. */
final class HostileServers {
  private HostileServers() {}

  /** How a stream's body is framed on the wire. */
  enum Framing { CHUNKED, CLOSE_DELIMITED }

  /**
   * An event stream whose {@code body} goes out one byte per flush (so the client meets it split at every
   * byte), framed as {@code framing}.
   */
  static MockResponse byteByByte(String body, Framing framing) {
    return byteByByte(body.getBytes(StandardCharsets.UTF_8), framing);
  }

  static MockResponse byteByByte(byte[] bytes, Framing framing) {
    MockResponse.Builder response = new MockResponse.Builder().code(200)
        .body(new MockResponseBody() {
          @Override public long getContentLength() {
            return -1;
          }

          @Override public void writeTo(BufferedSink sink) throws IOException {
            for (byte b : bytes) {
              if (framing == Framing.CHUNKED) sink.writeUtf8("1\r\n");
              sink.writeByte(b);
              if (framing == Framing.CHUNKED) sink.writeUtf8("\r\n");
              sink.flush();
            }
            if (framing == Framing.CHUNKED) sink.writeUtf8("0\r\n");
            sink.flush();
          }
        })
        .removeHeader("Content-Length")
        .setHeader("Content-Type", "text/event-stream");
    if (framing == Framing.CHUNKED) return response.setHeader("Transfer-Encoding", "chunked").build();
    // Without a length or chunks, the body ends where the server closes the connection.
    return response.setHeader("Connection", "close")
        .onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build();
  }

  /** A body of {@code contentType} that sends {@code prefix} and then {@code fill} until the client goes away. */
  static MockResponse endless(String contentType, String prefix, String fill) {
    byte[] chunk = fill.repeat(Math.max(1, 65_536 / fill.length())).getBytes(StandardCharsets.UTF_8);
    return new MockResponse.Builder().code(200)
        .body(new MockResponseBody() {
          @Override public long getContentLength() {
            return -1;
          }

          @Override public void writeTo(BufferedSink sink) throws IOException {
            sink.writeUtf8(prefix);
            // Stops only when the client is gone (a write fails), or after 2 GB, whichever comes first.
            for (long written = 0; written < (2L << 30); written += chunk.length) {
              sink.write(chunk);
              sink.flush();
            }
          }
        })
        .removeHeader("Content-Length")
        .setHeader("Content-Type", contentType)
        .setHeader("Connection", "close")
        .build();
  }
}
