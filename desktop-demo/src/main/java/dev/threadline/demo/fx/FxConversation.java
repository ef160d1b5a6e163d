package dev.threadline.demo.fx;

import dev.threadline.ChatItem;
import dev.threadline.ThreadState;
import dev.threadline.demo.view.ActivitySummary;
import dev.threadline.demo.view.ConversationBlocks;
import dev.threadline.demo.view.Tone;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

/**
 * The JavaFX window's transcript: the blocks of {@link ConversationBlocks} as bubbles, activity lines
 * (expandable to their log lines), statistics and muted lines for unknown items; a centred message when
 * there is no thread. It follows live items while the user is at the bottom. Application thread only.
 */
final class FxConversation extends StackPane {
  private final VBox transcript = new VBox();
  private final ScrollPane scroll = new ScrollPane(transcript);
  private final Label emptyTitle = new Label();
  private final Label emptyHint = new Label();
  private final VBox empty = new VBox(8, emptyTitle, emptyHint);
  private final Map<String, Boolean> expanded = new HashMap<>();
  private String shownThread;
  private ThreadState shown;

  FxConversation() {
    setId("conversation");
    transcript.setId("transcript");
    transcript.getStyleClass().add("transcript");
    scroll.getStyleClass().add("conversation");
    scroll.setFitToWidth(true);
    scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    emptyTitle.setId("emptyTitle");
    emptyTitle.getStyleClass().add("empty-title");
    emptyHint.getStyleClass().add("empty-hint");
    emptyHint.setWrapText(true);
    emptyHint.setMaxWidth(380);
    empty.setAlignment(Pos.CENTER);
    getChildren().addAll(scroll, empty);
    showEmpty("Start a conversation", "Ask a question below; the answer streams in as it is written.");
  }

  /** Shows a centred message instead of a thread. */
  void showEmpty(String title, String hint) {
    shownThread = null;
    shown = null;
    transcript.getChildren().clear();
    emptyTitle.setText(title);
    emptyHint.setText(hint);
    empty.setVisible(true);
    scroll.setVisible(false);
  }

  /** Shows {@code state}; a state of the thread already shown keeps the scroll position unless at the end. */
  void show(ThreadState state) {
    String threadKey = state.workflowId() == null ? "(new)" : state.workflowId();
    boolean sameThread = threadKey.equals(shownThread) || ("(new)".equals(shownThread) && state.workflowId() != null);
    if (sameThread && shown != null && state.items().equals(shown.items())
        && Objects.equals(state.workflow(), shown.workflow())
        && ConversationBlocks.isActive(state.connection()) == ConversationBlocks.isActive(shown.connection())) {
      return;
    }
    if (!sameThread) expanded.clear();
    boolean follow = !sameThread || scroll.getVvalue() >= scroll.getVmax() - 0.02;
    if (state.items().isEmpty()) {
      showEmpty(state.isFromCache() || ConversationBlocks.isActive(state.connection()) ? "Loading…" : "No messages yet", "");
      shownThread = threadKey;
      return;
    }
    shownThread = threadKey;
    shown = state;
    rebuild();
    empty.setVisible(false);
    scroll.setVisible(true);
    if (follow) {
      transcript.applyCss();
      transcript.layout();
      Platform.runLater(() -> scroll.setVvalue(scroll.getVmax()));
    }
  }

  private void rebuild() {
    transcript.getChildren().clear();
    for (ConversationBlocks.Block block : ConversationBlocks.of(shown)) transcript.getChildren().add(node(block));
  }

  private Node node(ConversationBlocks.Block block) {
    if (block instanceof ConversationBlocks.Message message) return bubble(message);
    if (block instanceof ConversationBlocks.Activity activity) return activity(activity);
    Label line = new Label(block instanceof ConversationBlocks.Stat stat ? stat.text()
        : ((ConversationBlocks.Unknown) block).text());
    line.getStyleClass().add(block instanceof ConversationBlocks.Stat ? "stat" : "unknown-item");
    return line;
  }

  private Node bubble(ConversationBlocks.Message message) {
    Label text = new Label(message.text());
    text.setWrapText(true);
    text.getStyleClass().addAll("bubble", message.pending() ? "pending" : message.fromUser() ? "user" : "assistant");
    text.setId(message.pending() ? "bubble.pending" : message.fromUser() ? "bubble.user" : "bubble.assistant");
    text.maxWidthProperty().bind(transcript.widthProperty().multiply(0.68));
    VBox column = new VBox(4, text);
    if (message.pending()) column.getChildren().add(footer("Sending…"));
    if (message.footer() != null) column.getChildren().add(footer(message.footer()));
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox row;
    if (message.fromUser()) {
      column.setAlignment(Pos.TOP_RIGHT);
      row = new HBox(gap, column);
    } else {
      Label avatar = new Label("AI");
      avatar.getStyleClass().add("avatar");
      avatar.setMinSize(28, 28);
      avatar.setMaxSize(28, 28);
      row = new HBox(10, avatar, column, gap);
    }
    row.setAlignment(Pos.TOP_LEFT);
    return row;
  }

  private static Label footer(String text) {
    Label footer = new Label(text);
    footer.getStyleClass().add("bubble-footer");
    return footer;
  }

  private Node activity(ConversationBlocks.Activity activity) {
    ActivitySummary summary = activity.summary();
    boolean open = expanded.getOrDefault(activity.round(), false);
    Button toggle = new Button((open ? "▾  " : "▸  ") + summary.text());
    toggle.setId("activity.toggle");
    toggle.getStyleClass().add("activity-toggle");
    String stage = summary.failed() ? "failed" : summary.stage() == ActivitySummary.Stage.STOPPED ? "stopped"
        : summary.stage() == ActivitySummary.Stage.RUNNING ? "running" : "done";
    toggle.getStyleClass().add(stage);
    toggle.setOnAction(event -> {
      expanded.put(activity.round(), !open);
      rebuild();
    });
    ProgressBar progress = new ProgressBar(summary.percent() / 100.0);
    progress.setId("activity.progress");
    progress.getStyleClass().add(stage);
    Label percent = new Label(summary.percent() + " %");
    percent.getStyleClass().add("activity-percent");
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox header = new HBox(8, toggle, gap, progress, percent);
    header.setAlignment(Pos.CENTER_LEFT);
    VBox line = new VBox(6, header);
    line.setId("activity");
    line.setPadding(new Insets(0, 0, 0, 38));
    if (open) line.getChildren().add(details(activity.logs()));
    return line;
  }

  private static Node details(List<ChatItem> logs) {
    VBox details = new VBox();
    details.setId("activity.details");
    details.getStyleClass().add("activity-details");
    details.setPadding(new Insets(2, 0, 2, 12));
    for (ChatItem log : logs) {
      boolean error = ActivitySummary.isError(log);
      Circle dot = new Circle(3, FxTheme.color(error ? Tone.DANGER
          : Tone.NEUTRAL));
      Label text = new Label(ActivitySummary.message(log));
      text.getStyleClass().add("activity-log");
      if (error) text.getStyleClass().add("error");
      text.setWrapText(true);
      Label value = new Label(ActivitySummary.percentText(log));
      value.getStyleClass().add("activity-percent");
      Region gap = new Region();
      HBox.setHgrow(gap, Priority.ALWAYS);
      HBox row = new HBox(10, dot, text, gap, value);
      row.setId("activity.log");
      row.setAlignment(Pos.CENTER_LEFT);
      details.getChildren().add(row);
    }
    return details;
  }
}
