package dev.threadline.demo.fx;

import dev.threadline.ConnectionState;
import dev.threadline.ThreadState;
import dev.threadline.Workflow;
import dev.threadline.demo.DemoSession;
import dev.threadline.demo.view.ChatController;
import dev.threadline.demo.view.ConnectionText;
import dev.threadline.demo.view.HeaderText;
import java.time.Instant;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The demo's JavaFX window, beside the Swing one and on the same session: the thread list on the left; on
 * the right the selected thread (or a new one) with its header (title, status, connection, Stop, Delete),
 * transcript and prompt box, driven by the same {@link ChatController} as the Swing window. Every client
 * callback arrives on the application thread (the session's callback executor is {@code JavaFxExecutor})
 * and no call here blocks on the network. Application thread only.
 */
public final class FxChatWindow implements ChatController.Screen {
  /** The confirmation's Delete button. */
  static final ButtonType DELETE = new ButtonType("Delete", ButtonBar.ButtonData.OK_DONE);

  private final DemoSession session;
  private final ChatController controller;
  private final Stage stage = new Stage();
  private final FxThreadList threads;
  private final FxConversation conversation = new FxConversation();
  private final Label title = new Label();
  private final Circle statusDot = new Circle(3.5);
  private final Label status = new Label();
  private final Circle connectionDot = new Circle(4);
  private final Label connection = new Label();
  private final Button retry = new Button("Retry now");
  private final Button stop = new Button("Stop");
  private final Button delete = new Button("Delete");
  private final Label banner = new Label();
  private final PauseTransition bannerTimer = new PauseTransition(Duration.seconds(8));
  private final TextArea input = new TextArea();
  private final Button send = new Button("Send");
  private final Timeline countdown = new Timeline(new KeyFrame(Duration.millis(250), event -> showConnection()));
  private ConnectionState lastConnection = ConnectionState.IDLE;
  private boolean lastFromCache;

  /** Builds the window on {@code session}; {@code onClosed} runs (off the application thread) after it closed. */
  public FxChatWindow(DemoSession session, Runnable onClosed) {
    this.session = session;
    this.controller = new ChatController(session, this);
    this.threads = new FxThreadList(session.client(), controller::select, this::newChat);

    BorderPane right = new BorderPane(conversation, header(), null, bottom(), null);
    BorderPane root = new BorderPane(right, null, null, null, threads);
    Scene scene = new Scene(root, 1180, 760);
    FxTheme.apply(scene);
    stage.setScene(scene);
    stage.setTitle("Threadline · " + session.serverLabel());
    stage.setMinWidth(820);
    stage.setMinHeight(520);
    stage.setOnCloseRequest(event -> close(onClosed));
    countdown.setCycleCount(Timeline.INDEFINITE);

    threads.setOfflineMode(session.offline());
    controller.newChat();
  }

  private Region header() {
    title.setId("threadTitle");
    title.getStyleClass().add("thread-title");
    status.setId("threadStatus");
    status.getStyleClass().add("meta");
    status.setGraphic(statusDot);
    status.setGraphicTextGap(5);
    connection.setId("connectionLabel");
    connection.getStyleClass().add("meta");
    connection.setGraphic(connectionDot);
    connection.setGraphicTextGap(6);
    retry.setId("retryButton");
    retry.getStyleClass().add("link");
    retry.setOnAction(event -> controller.retryNow());
    Label separator = new Label("·");
    separator.getStyleClass().add("meta");
    HBox meta = new HBox(10, status, separator, connection, retry);
    meta.setAlignment(Pos.CENTER_LEFT);
    VBox text = new VBox(4, title, meta);

    stop.setId("stopButton");
    stop.getStyleClass().addAll("pill", "stop");
    stop.setOnAction(event -> controller.stop());
    delete.setId("deleteButton");
    delete.getStyleClass().addAll("pill", "delete");
    delete.setOnAction(event -> deleteCurrent());
    for (Button button : new Button[] {retry, stop, delete}) button.managedProperty().bind(button.visibleProperty());
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox bar = new HBox(8, text, gap, stop, delete);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("header");
    return bar;
  }

  private Region bottom() {
    banner.setId("banner");
    banner.getStyleClass().add("banner");
    banner.setMaxWidth(Double.MAX_VALUE);
    banner.setVisible(false);
    banner.managedProperty().bind(banner.visibleProperty());
    bannerTimer.setOnFinished(event -> banner.setVisible(false));

    input.setId("promptInput");
    input.getStyleClass().add("prompt-input");
    input.setWrapText(true);
    input.setPrefRowCount(2);
    input.setOnKeyPressed(event -> {
      if (event.getCode() == KeyCode.ENTER && !event.isShiftDown()) {
        event.consume();
        if (!send.isDisabled()) sendTyped();
      }
    });
    send.setId("sendButton");
    send.getStyleClass().add("send");
    send.setDefaultButton(false);
    send.setOnAction(event -> sendTyped());
    send.disableProperty().bind(input.textProperty().isEmpty().or(input.disabledProperty()));
    input.setDisable(session.offline());
    HBox.setHgrow(input, Priority.ALWAYS);
    HBox prompt = new HBox(10, input, send);
    prompt.setAlignment(Pos.BOTTOM_RIGHT);
    prompt.getStyleClass().add("prompt-box");
    return new VBox(banner, prompt);
  }

  /** Shows the window and starts loading the thread list. */
  public void show() {
    stage.show();
    threads.start();
    input.requestFocus();
  }

  /** The window's stage (for tests and screenshots). */
  public Stage stage() {
    return stage;
  }

  /** The id of the thread shown, or null for a new thread not yet created. */
  public String currentThreadId() {
    return controller.currentThreadId();
  }

  private void newChat() {
    controller.newChat();
    input.requestFocus();
  }

  @Override public void showHeader(HeaderText header) {
    title.setText(header.title());
    status.setText(header.status());
    statusDot.setFill(FxTheme.color(header.tone()));
    stop.setVisible(header.canStop());
    delete.setVisible(header.canDelete());
  }

  @Override public void showConnection(ConnectionState state, boolean fromCache) {
    lastConnection = state;
    lastFromCache = fromCache;
    showConnection();
    if (ConnectionText.countsDown(state, session.offline())) countdown.play(); else countdown.stop();
  }

  @Override public void showThread(ThreadState state) {
    conversation.show(state);
  }

  @Override public void showEmpty(String title, String hint) {
    conversation.showEmpty(title, hint);
  }

  @Override public void setPromptPlaceholder(String text) {
    input.setPromptText(text);
  }

  @Override public void setStopEnabled(boolean enabled) {
    stop.setDisable(!enabled);
  }

  @Override public void selectInList(String workflowId) {
    threads.select(workflowId);
  }

  @Override public Workflow listed(String workflowId) {
    return threads.workflow(workflowId);
  }

  @Override public void setActive(String workflowId, boolean active) {
    threads.setActive(workflowId, active);
  }

  @Override public void forget(String workflowId) {
    threads.forget(workflowId);
  }

  private void showConnection() {
    ConnectionText shown =
        ConnectionText.of(lastConnection, lastFromCache, session.offline(), Instant.now());
    connection.setText(shown.text());
    connectionDot.setFill(FxTheme.color(shown.tone()));
    retry.setVisible(shown.retryable());
  }

  private void sendTyped() {
    String text = input.getText().strip();
    if (text.isEmpty()) return;
    input.clear();
    controller.send(text);
  }

  private void deleteCurrent() {
    String id = controller.currentThreadId();
    if (id == null) return;
    Workflow listed = threads.workflow(id);
    String name = listed != null && listed.name() != null ? listed.name() : "this thread";
    Alert confirm = new Alert(Alert.AlertType.WARNING,
        "The thread and all its messages are removed from the server and from this computer. This cannot be undone.",
        DELETE, ButtonType.CANCEL);
    confirm.initOwner(stage);
    confirm.setTitle("Delete thread");
    confirm.setHeaderText("Delete \u201c" + name + "\u201d?");
    confirm.getDialogPane().setId("confirmDelete");
    confirm.getDialogPane().setPrefWidth(460);
    confirm.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
    FxTheme.apply(confirm.getDialogPane().getScene());
    if (confirm.showAndWait().orElse(ButtonType.CANCEL) != DELETE) return;
    controller.delete(id);
  }

  @Override public void showBanner(String text) {
    banner.setText(text);
    banner.setVisible(true);
    bannerTimer.playFromStart();
  }

  private void close(Runnable onClosed) {
    threads.stop();
    countdown.stop();
    controller.close();
    Thread closer = new Thread(() -> {
      session.close();
      onClosed.run();
    }, "threadline-demo-close");
    closer.start();
  }
}
