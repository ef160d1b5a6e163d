package dev.threadline.testkit.internal;

import dev.threadline.testkit.internal.JsonText.Num;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * Serves a captured SSE stream byte for byte, one event per chunk, paced like a live stream, then ends it
 * cleanly. {@link #ingest} stores the capture's items, so the thread can be re-read afterwards.
 */
final class ReplayBody implements MockResponseBody {
  private final ServerCore core;
  private final byte[] capture;

  ReplayBody(ServerCore core, byte[] capture) {
    this.core = core;
    this.capture = capture;
  }

  @Override public long getContentLength() {
    return -1;
  }

  @Override public void writeTo(BufferedSink sink) throws IOException {
    ChunkedWriter out = new ChunkedWriter(sink);
    core.activity.streamOpened();
    try {
      boolean first = true;
      for (byte[] event : events(capture)) {
        if (!first && !core.pacing.isZero()) {
          if (core.closing.await(core.pacing.toNanos(), TimeUnit.NANOSECONDS)) break;
        }
        first = false;
        out.write(event);
      }
      out.finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      core.activity.streamClosed();
    }
  }

  /** Splits the capture after each blank line ({@code \n\n} or {@code \r\n\r\n}); keeps every byte. */
  static List<byte[]> events(byte[] capture) {
    List<byte[]> events = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < capture.length; i++) {
      int end = -1;
      if (capture[i] == '\n' && i + 1 < capture.length && capture[i + 1] == '\n') {
        end = i + 2;
      } else if (capture[i] == '\r' && i + 3 < capture.length && capture[i + 1] == '\n'
          && capture[i + 2] == '\r' && capture[i + 3] == '\n') {
        end = i + 4;
      }
      if (end > 0) {
        events.add(Arrays.copyOfRange(capture, start, end));
        start = end;
        i = end - 1;
      }
    }
    if (start < capture.length) events.add(Arrays.copyOfRange(capture, start, capture.length));
    return events;
  }

  /**
   * Stores the chat items of the capture's well-formed {@code data:} lines in their workflow's thread
   * (created for {@code user} if missing, named after the first user message), which ends as
   * {@code completed}. Other lines are served but not stored.
   */
  static void ingest(ServerCore core, String user, byte[] capture) {
    String text = new String(capture, StandardCharsets.UTF_8);
    for (String line : text.split("\r?\n")) {
      if (!line.startsWith("data:")) continue;
      StoredItem item = parseItem(line.substring(5).trim());
      if (item == null) continue;
      Object workflowId = item.fields().get("workflowId");
      if (!(workflowId instanceof String)) continue;
      StoredThread thread = core.repository.visible((String) workflowId, user);
      if (thread == null) {
        Object message = item.fields().get("message");
        StoredThread created = core.simulator.newThread((String) workflowId, user, "Chatbot",
            message instanceof String ? (String) message : "Replayed thread");
        created.startedAt = item.createdAt();
        thread = core.repository.create(created);
      }
      core.repository.with(thread, t -> {
        Integer round = item.roundNumber();
        if (round != null && round > t.currentRound) t.currentRound = round;
        t.put(item);
        t.lastActivity = item.createdAt();
        t.status = "completed";
        return null;
      });
    }
  }

  private static StoredItem parseItem(String json) {
    try {
      Object tree = JsonText.parse(json);
      if (!(tree instanceof Map)) return null;
      Map<?, ?> map = (Map<?, ?>) tree;
      if (!(map.get("type") instanceof String) || !(map.get("createdAt") instanceof Num)
          || !(map.get("item") instanceof Map)) {
        return null;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) map.get("item");
      return new StoredItem((String) map.get("type"), (Num) map.get("createdAt"), intsAsIntegers(fields));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  // roundNumber must be an Integer for the snapshot filter; other numbers keep their literal.
  private static Map<String, Object> intsAsIntegers(Map<String, Object> fields) {
    Object round = fields.get("roundNumber");
    if (round instanceof Num) {
      try {
        fields.put("roundNumber", Integer.valueOf(round.toString()));
      } catch (NumberFormatException ignored) {
        // Not a whole number: keep the literal.
      }
    }
    return fields;
  }
}
