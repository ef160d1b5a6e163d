package dev.threadline.demo.view;

import dev.threadline.ChatItem;
import java.util.List;

/**
 * A round's log items in one line: what the assistant is doing (or how many steps it took), and the
 * progress the logs report, 0 to 100.
 *
 * @param text "Working · Reading the report", "Activity · 4 steps", "Stopped · 2 steps", "Failed · …"
 * @param percent the progress, 0 to 100 (100 once the round is done without failure)
 * @param failed whether a log reports an error
 */
public record ActivitySummary(String text, int percent, boolean failed, Stage stage) {
  /** How the round the logs belong to stands. */
  public enum Stage {
    /** The assistant is still working. */
    RUNNING,
    /** The round ended normally. */
    DONE,
    /** The user stopped the round. */
    STOPPED
  }

  /** The summary of {@code logs} (in order, at least one) in a round that stands at {@code stage}. */
  public static ActivitySummary of(List<ChatItem> logs, Stage stage) {
    ChatItem last = logs.get(logs.size() - 1);
    boolean failed = logs.stream().anyMatch(ActivitySummary::isError);
    double value = 0;
    for (ChatItem log : logs) {
      Double p = log.progress();
      if (p != null) value = Math.max(value, p);
    }
    int percent = (int) Math.round(Math.min(1, value) * 100);
    if (stage == Stage.DONE && !failed) percent = 100;
    String steps = logs.size() + (logs.size() == 1 ? " step" : " steps");
    String text = stage == Stage.RUNNING ? "Working · " + nullToEmpty(last.message())
        : failed ? "Failed · " + logs.stream().filter(ActivitySummary::isError).reduce((a, b) -> b)
            .map(ChatItem::message).orElse(steps)
        : stage == Stage.STOPPED ? "Stopped · " + steps
        : "Activity · " + steps;
    return new ActivitySummary(text, percent, failed, stage);
  }

  /** Whether {@code log} reports an error (its status or its type says so). */
  public static boolean isError(ChatItem log) {
    String type = log.rawField("type");
    return "error".equals(log.status()) || "error".equals(type == null ? null : stripQuotes(type));
  }

  /** "40 %" for a log's own progress, empty when it has none. */
  public static String percentText(ChatItem log) {
    Double p = log.progress();
    return p == null ? "" : Math.round(p * 100) + " %";
  }

  /** The log's message, empty when it has none. */
  public static String message(ChatItem log) {
    return nullToEmpty(log.message());
  }

  private static String stripQuotes(String json) {
    return json.length() >= 2 && json.startsWith("\"") ? json.substring(1, json.length() - 1) : json;
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
