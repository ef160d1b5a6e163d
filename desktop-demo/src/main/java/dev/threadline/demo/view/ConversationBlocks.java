package dev.threadline.demo.view;

import dev.threadline.ChatItem;
import dev.threadline.ConnectionState;
import dev.threadline.ThreadState;
import dev.threadline.Workflow;
import dev.threadline.WorkflowStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A thread's items as a conversation shows them, in order: messages, each round's logs folded into one
 * activity line, the round's statistics as a footer under its answer, and items of types this version does
 * not know as a muted line.
 */
public final class ConversationBlocks {
  /** One block of the conversation. */
  public sealed interface Block permits Message, Activity, Stat, Unknown {}

  /**
   * A chat message.
   *
   * @param footer a line under it (the round's statistics), or null
   */
  public record Message(String role, String text, boolean pending, String footer) implements Block {
    /** Whether the user wrote it. */
    public boolean fromUser() {
      return "user".equals(role);
    }
  }

  /** A round's logs, in order, and how the round stands; {@code round} names it across states. */
  public record Activity(String round, List<ChatItem> logs, ActivitySummary summary) implements Block {}

  /** A round's statistics where the round has no answer to put them under. */
  public record Stat(String text) implements Block {}

  /** An item of a type this version does not show. */
  public record Unknown(ChatItem item) implements Block {
    /** "chart item (not shown by this version)". */
    public String text() {
      return item.type() + " item (not shown by this version)";
    }
  }

  private ConversationBlocks() {}

  /** Whether {@code connection} means the client is working on the thread (a round is under way). */
  public static boolean isActive(ConnectionState connection) {
    switch (connection.kind()) {
      case CONNECTING:
      case STREAMING:
      case RECONNECTING:
      case RESYNCING:
        return true;
      default:
        return false;
    }
  }

  /** The blocks that show {@code state}. */
  public static List<Block> of(ThreadState state) {
    boolean active = isActive(state.connection());
    Workflow workflow = state.workflow();
    Integer currentRound = workflow == null ? null : workflow.currentRound();
    boolean workflowRunning = workflow != null && workflow.status() == WorkflowStatus.RUNNING;
    Integer lastRound = null;
    for (ChatItem item : state.items()) {
      if (item.roundNumber() != null) lastRound = item.roundNumber();
    }
    Map<String, List<ChatItem>> logsByRound = new LinkedHashMap<>();
    Map<String, Integer> activityIndex = new HashMap<>();
    Map<String, ChatItem> statByRound = new LinkedHashMap<>();
    Map<String, Integer> answerIndex = new HashMap<>();
    List<Block> blocks = new ArrayList<>();
    int position = 0;
    for (ChatItem item : state.items()) {
      String round = item.roundNumber() == null ? "item" + position : "round" + item.roundNumber();
      position++;
      switch (item.type()) {
        case ChatItem.TYPE_LOG:
          logsByRound.computeIfAbsent(round, key -> new ArrayList<>()).add(item);
          if (!activityIndex.containsKey(round)) {
            activityIndex.put(round, blocks.size());
            blocks.add(null);
          }
          break;
        case ChatItem.TYPE_STAT:
          statByRound.put(round, item);
          break;
        case ChatItem.TYPE_MESSAGE: {
          Message message = new Message(item.role(), item.message() == null ? "" : item.message(), item.isPending(), null);
          if (!message.fromUser()) answerIndex.put(round, blocks.size());
          blocks.add(message);
          break;
        }
        default:
          blocks.add(new Unknown(item));
      }
    }
    for (Map.Entry<String, Integer> entry : activityIndex.entrySet()) {
      List<ChatItem> logs = logsByRound.get(entry.getKey());
      Integer number = logs.get(0).roundNumber();
      boolean latest = number != null && number.equals(lastRound);
      boolean roundRunning = latest
          && (active || (workflowRunning && (currentRound == null || number.equals(currentRound))));
      ActivitySummary.Stage stage = roundRunning ? ActivitySummary.Stage.RUNNING
          : latest && workflow != null && workflow.status() == WorkflowStatus.STOPPED ? ActivitySummary.Stage.STOPPED
          : ActivitySummary.Stage.DONE;
      blocks.set(entry.getValue(), new Activity(entry.getKey(), logs, ActivitySummary.of(logs, stage)));
    }
    for (Map.Entry<String, ChatItem> entry : statByRound.entrySet()) {
      String line = statText(entry.getValue());
      Integer answer = answerIndex.get(entry.getKey());
      if (answer == null) {
        blocks.add(new Stat(line));
      } else {
        Message message = (Message) blocks.get(answer);
        blocks.set(answer, new Message(message.role(), message.text(), message.pending(), line));
      }
    }
    return blocks;
  }

  /** "Answered in 2.1 s · 512 tokens" from a stat item. */
  static String statText(ChatItem stat) {
    String time = stat.rawField("processingTime");
    String tokens = stat.rawField("tokenCount");
    List<String> parts = new ArrayList<>();
    if (time != null && !time.equals("null")) parts.add("Answered in " + time + " s");
    if (tokens != null && !tokens.equals("null")) parts.add(tokens + " tokens");
    return parts.isEmpty() ? "Statistics" : String.join(" · ", parts);
  }
}
