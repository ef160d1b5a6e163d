package dev.threadline.demo.cli;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.Workflow;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command line's JSON output, assembled from the SDK's own JSON text ({@link Workflow#json()},
 * {@link ChatItem#toJson()}) so every field and every digit of {@code createdAt} is printed as the server
 * sent it; nothing is re-serialized through generic maps.
 */
final class ThreadJson {
  private ThreadJson() {}

  /** {@code {"workflow": {…}, "items": [{"type", "createdAt", "item"}, …]}}. */
  static String thread(ChatThread thread) {
    return "{\"workflow\": " + thread.workflow().json() + ", \"items\": ["
        + thread.items().stream().map(ChatItem::toJson).collect(Collectors.joining(", ")) + "]}";
  }

  /** {@code {"items": [workflow, …]}}. */
  static String threads(List<Workflow> threads) {
    return "{\"items\": [" + threads.stream().map(Workflow::json).collect(Collectors.joining(", ")) + "]}";
  }
}
