package dev.threadline.store.contract;

import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import dev.threadline.ThreadChange;
import dev.threadline.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Workflows, items and changes shaped like the backend's, for store tests. Every method returns a new
 * immutable value; the class holds no state and is safe to use from any thread.
 */
public final class StoreFixtures {
  private StoreFixtures() {}

  /** A chatbot workflow {@code id} whose {@code lastActivity} is the JSON number {@code lastActivity}, or absent when null. */
  public static Workflow workflow(String id, @Nullable String lastActivity) {
    String activity = lastActivity == null ? "" : ", \"lastActivity\": " + lastActivity;
    return Workflow.fromJson("{\"id\": " + quote(id) + ", \"name\": \"Refunds?\", \"status\": \"running\", "
        + "\"currentRound\": 1, \"workflowMode\": \"Chatbot\", \"startedAt\": 1737331539.0" + activity + "}");
  }

  /** An item of {@code type} created at the JSON number {@code createdAt}, whose record is {@code itemJson}. */
  public static ChatItem item(String type, String createdAt, String itemJson) {
    return ChatItem.of(type, EpochSeconds.parse(createdAt), itemJson);
  }

  /** A message with id {@code id} in round {@code round} (null for none), created at {@code createdAt}. */
  public static ChatItem message(String id, String createdAt, @Nullable Integer round) {
    return item(ChatItem.TYPE_MESSAGE, createdAt, "{\"id\": " + quote(id) + ", \"role\": \"assistant\", "
        + "\"message\": \"Refunds are accepted within 30 days.\""
        + (round == null ? "" : ", \"roundNumber\": " + round) + "}");
  }

  /**
   * The item numbered {@code n} of a long generated thread: an id'd log line carrying {@code "n": n}, created
   * at {@code 1700000000 + n} milliseconds so that numbering order is time order.
   */
  public static ChatItem numbered(String workflowId, long n) {
    return item(ChatItem.TYPE_LOG, EpochSeconds.ofEpochMillis(1_700_000_000_000L + n).toString(),
        "{\"id\": \"log_" + n + "\", \"workflowId\": " + quote(workflowId) + ", \"n\": " + n
            + ", \"message\": \"Analysing request...\", \"status\": \"running\", \"progress\": 0.2, \"roundNumber\": 1}");
  }

  /** The {@code n} of an item made by {@link #numbered}. */
  public static long numberOf(ChatItem item) {
    return Long.parseLong(item.rawField("n"));
  }

  /** Items {@code from} (inclusive) to {@code to} (exclusive) made by {@link #numbered}. */
  public static List<ChatItem> numberedRange(String workflowId, long from, long to) {
    List<ChatItem> items = new ArrayList<>();
    for (long n = from; n < to; n++) items.add(numbered(workflowId, n));
    return items;
  }

  /** A change of {@code workflow} upserting {@code upserts} and removing nothing. */
  public static ThreadChange upsert(Workflow workflow, List<ChatItem> upserts) {
    return new ThreadChange(workflow, upserts, Collections.emptyList());
  }

  /** A change of {@code workflow} removing the items keyed {@code keys}. */
  public static ThreadChange remove(Workflow workflow, List<String> keys) {
    return new ThreadChange(workflow, Collections.emptyList(), keys);
  }

  /** {@code text} as a JSON string literal. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }
}
