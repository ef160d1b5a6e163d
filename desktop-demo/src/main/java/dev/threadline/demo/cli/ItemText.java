package dev.threadline.demo.cli;

import dev.threadline.ChatItem;
import dev.threadline.Workflow;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the command line writes items and threads for people (the {@code --json} output is for programs). */
final class ItemText {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

  private ItemText() {}

  /** One line (or a paragraph, for a long message) for {@code item}. */
  static String item(ChatItem item) {
    switch (item.type()) {
      case ChatItem.TYPE_MESSAGE:
        return (item.role() == null ? "message" : item.role()) + ": " + nullToEmpty(item.message());
      case ChatItem.TYPE_LOG: {
        Double progress = item.progress();
        return "  · " + nullToEmpty(item.message())
            + (progress == null ? "" : " (" + Math.round(progress * 100) + " %)")
            + ("error".equals(item.status()) ? " [error]" : "");
      }
      case ChatItem.TYPE_STAT: {
        String time = item.rawField("processingTime");
        String tokens = item.rawField("tokenCount");
        return "  [" + (time == null ? "" : time + " s") + (time != null && tokens != null ? ", " : "")
            + (tokens == null ? "" : tokens + " tokens") + "]";
      }
      default:
        return "  [" + item.type() + "] " + item.itemJson();
    }
  }

  /** One line for a thread in a list: id, status, last activity, name. */
  static String threadLine(Workflow workflow) {
    return String.join("  ", workflow.id(), pad(workflow.statusText(), 9),
        workflow.lastActivity() == null ? pad("", 16) : TIME.format(workflow.lastActivity().toInstant()),
        nullToEmpty(workflow.name()));
  }

  /** The heading of a shown thread. */
  static String heading(Workflow workflow) {
    return "# " + nullToEmpty(workflow.name()) + "  (" + workflow.id() + ", " + workflow.statusText() + ")";
  }

  private static String pad(String text, int width) {
    String value = nullToEmpty(text);
    return value.length() >= width ? value : value + " ".repeat(width - value.length());
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
