package dev.threadline.demo.fx;

import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotException;
import dev.threadline.ReadPolicy;
import dev.threadline.Subscription;
import dev.threadline.ThreadListObserver;
import dev.threadline.ThreadListState;
import dev.threadline.Workflow;
import dev.threadline.WorkflowStatus;
import dev.threadline.demo.view.ThreadList;
import dev.threadline.demo.view.StatusText;
import dev.threadline.demo.view.TimeText;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.util.Duration;

/**
 * The left side of the JavaFX window: the user's threads, most recently active first, the cached list at
 * once and the server's when it answers (through {@link ChatbotClient#observeThreads}), further pages with
 * "Load more", running threads marked. JavaFX application thread only.
 */
final class FxThreadList extends BorderPane {
  private final ChatbotClient client;
  private final ListView<Workflow> list = new ListView<>();
  private final Label footer = new Label(" ");
  private final Button loadMore = new Button("Load more");
  private final ThreadList threads = new ThreadList();
  private final Set<String> activeThreads = new HashSet<>();
  private final Timeline clock = new Timeline(new KeyFrame(Duration.seconds(30), event -> list.refresh()));
  private boolean adjusting;
  private boolean offlineMode;
  private String wanted;
  private Subscription subscription;

  /**
   * @param onSelect told the id of the thread the user selects
   * @param onNewChat run when the user asks for a new chat
   */
  FxThreadList(ChatbotClient client, Consumer<String> onSelect, Runnable onNewChat) {
    this.client = client;
    setId("threadList");
    getStyleClass().add("sidebar");
    setPrefWidth(300);
    setMinWidth(240);

    Label title = new Label("Threads");
    title.getStyleClass().add("sidebar-title");
    Button newChat = new Button("New chat");
    newChat.setId("newChatButton");
    newChat.getStyleClass().add("pill");
    newChat.setOnAction(event -> {
      select(null);
      onNewChat.run();
    });
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox top = new HBox(title, gap, newChat);
    top.setAlignment(Pos.CENTER_LEFT);
    top.setPadding(new Insets(16, 12, 10, 16));

    list.setId("threadListView");
    list.getStyleClass().add("thread-list");
    list.setCellFactory(view -> new ThreadCell());
    list.getSelectionModel().selectedItemProperty().addListener((observed, before, selected) -> {
      if (adjusting) return;
      wanted = selected == null ? null : selected.id();
      if (selected != null) onSelect.accept(wanted);
    });
    footer.setId("threadListFooter");
    footer.getStyleClass().add("list-footer");
    loadMore.setId("loadMoreButton");
    loadMore.getStyleClass().add("link");
    loadMore.setVisible(false);
    loadMore.setOnAction(event -> loadNextPage());
    Region footerGap = new Region();
    HBox.setHgrow(footerGap, Priority.ALWAYS);
    HBox bottom = new HBox(footer, footerGap, loadMore);
    bottom.setAlignment(Pos.CENTER_LEFT);
    bottom.setPadding(new Insets(6, 12, 10, 16));

    setTop(top);
    setCenter(list);
    setBottom(bottom);
    clock.setCycleCount(Timeline.INDEFINITE);
  }

  /** Starts observing the thread list. */
  void start() {
    clock.play();
    // Offline, no request leaves: the list is the cache's.
    ReadPolicy policy = offlineMode ? ReadPolicy.CACHE_ONLY : ReadPolicy.CACHE_THEN_NETWORK;
    subscription = client.observeThreads(policy, new ThreadListObserver() {
      @Override public void onChanged(ThreadListState state) {
        show(state);
      }

      @Override public void onError(ChatbotException error) {
        if (!offlineMode) footer.setText(threads.refreshFailed());
      }
    });
  }

  /** Stops observing. */
  void stop() {
    clock.stop();
    if (subscription != null) subscription.close();
  }

  /** The session serves cached data only: the footer says so. */
  void setOfflineMode(boolean offlineMode) {
    this.offlineMode = offlineMode;
  }

  private void show(ThreadListState state) {
    threads.showFirstPage(state);
    rebuild();
  }

  private void loadNextPage() {
    loadMore.setDisable(true);
    client.listThreadsAsync(threads.nextPageRequest()).whenComplete((page, error) -> {
      loadMore.setDisable(false);
      if (error != null) {
        footer.setText("Could not load more threads");
        return;
      }
      threads.addPage(page);
      rebuild();
    });
  }

  private void rebuild() {
    ThreadListState rows = threads.rows();
    adjusting = true;
    try {
      rows.changes().applyTo(list.getItems(), rows.threads());
      select(wanted);
    } finally {
      adjusting = false;
    }
    loadMore.setVisible(threads.hasMore() && !offlineMode);
    footer.setText(threads.footer(offlineMode));
  }

  /** Forgets a deleted thread also on pages loaded with "Load more". */
  void forget(String workflowId) {
    if (threads.forget(workflowId)) rebuild();
  }

  /**
   * Selects thread {@code workflowId} (null clears the selection) without telling the listener; a thread the
   * list does not hold yet is selected when it arrives.
   */
  void select(String workflowId) {
    wanted = workflowId;
    boolean wasAdjusting = adjusting;
    adjusting = true;
    try {
      Workflow shown = workflow(workflowId);
      if (shown == null) {
        list.getSelectionModel().clearSelection();
      } else if (list.getSelectionModel().getSelectedItem() != shown) {
        list.getSelectionModel().select(shown);
        list.scrollTo(shown);
      }
    } finally {
      adjusting = wasAdjusting;
    }
  }

  /** The workflow of thread {@code workflowId} as the list has it, or null. */
  Workflow workflow(String workflowId) {
    if (workflowId == null) return null;
    for (Workflow workflow : list.getItems()) {
      if (workflow.id().equals(workflowId)) return workflow;
    }
    return null;
  }

  /** Marks whether thread {@code workflowId} has a round in flight in this window. */
  void setActive(String workflowId, boolean active) {
    if (workflowId == null) return;
    boolean changed = active ? activeThreads.add(workflowId) : activeThreads.remove(workflowId);
    if (changed) list.refresh();
  }

  /** One thread: its name, and below it a status dot, the status and the last activity. */
  private final class ThreadCell extends ListCell<Workflow> {
    private final Label name = new Label();
    private final Circle dot = new Circle(3.5);
    private final Label status = new Label();
    private final Label time = new Label();
    private final VBox box;

    ThreadCell() {
      name.getStyleClass().add("thread-name");
      status.getStyleClass().add("thread-meta");
      status.setGraphic(dot);
      status.setGraphicTextGap(6);
      time.getStyleClass().add("thread-time");
      Region gap = new Region();
      HBox.setHgrow(gap, Priority.ALWAYS);
      HBox meta = new HBox(8, status, gap, time);
      meta.setAlignment(Pos.CENTER_LEFT);
      box = new VBox(3, name, meta);
      setPrefWidth(0);
    }

    @Override protected void updateItem(Workflow workflow, boolean empty) {
      super.updateItem(workflow, empty);
      if (empty || workflow == null) {
        setGraphic(null);
        return;
      }
      name.setText(workflow.name() == null || workflow.name().isBlank() ? "Untitled thread" : workflow.name());
      WorkflowStatus state = activeThreads.contains(workflow.id()) ? WorkflowStatus.RUNNING : workflow.status();
      dot.setFill(FxTheme.color(StatusText.tone(state)));
      status.setText(StatusText.of(state, workflow.statusText()));
      status.getStyleClass().remove("running");
      if (state == WorkflowStatus.RUNNING) status.getStyleClass().add("running");
      time.setText(TimeText.relative(workflow.lastActivity(), Instant.now()));
      setGraphic(box);
    }
  }
}
