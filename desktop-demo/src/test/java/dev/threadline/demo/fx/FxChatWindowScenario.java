package dev.threadline.demo.fx;

import static dev.threadline.demo.fx.FxDriver.find;
import static dev.threadline.demo.fx.FxDriver.findAll;
import static dev.threadline.demo.fx.FxDriver.onFx;
import static dev.threadline.demo.fx.FxDriver.run;
import static dev.threadline.demo.fx.FxDriver.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatbotEventListener;
import dev.threadline.Workflow;
import dev.threadline.demo.DemoSession;
import dev.threadline.demo.EmbeddedBackend;
import dev.threadline.demo.Options;
import dev.threadline.demo.ThreadPaging;
import dev.threadline.desktop.JavaFxExecutor;
import dev.threadline.testkit.FakeChatbotServer;
import dev.threadline.testkit.Fault;
import dev.threadline.testkit.Round;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The JavaFX window against its embedded backend, the Swing window's scenario step by step: the list, a
 * thread, a new prompt and its streamed answer, reconnecting with "Retry now", stopping a running thread,
 * deleting a thread, the offline view of the same cache, and paging the list. Each step but the last saves a
 * screenshot. Run by {@link FxChatWindowUnderXvfbTest} in a JVM with a display; it reads the scene graph,
 * never pixels.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FxChatWindowScenario {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Path cache;
  private DemoSession session;
  private FakeChatbotServer server;
  private FxChatWindow window;
  private Stage stage;
  private FxDriver driver;

  @BeforeAll void openTheWindow() throws Exception {
    String display = System.getenv("DISPLAY");
    Assumptions.assumeTrue(display != null && !display.isBlank(),
        "needs a display: FxChatWindowUnderXvfbTest runs this scenario in a JVM with one");
    cache = Files.createTempDirectory("threadline-demo-fx");
    Options options = Options.parse(List.of("--cache", cache.toString(), "--pacing-ms", "150", "--ui", "javafx"),
        Map.of());
    session = DemoSession.open(options, JavaFxExecutor.INSTANCE, ChatbotEventListener.NONE);
    server = session.backend().server();
    window = FxApp.open(session);
    stage = window.stage();
    driver = new FxDriver(Path.of(System.getProperty("threadline.screenshots", "target/screenshots-javafx")));
  }

  @AfterAll void closeTheWindow() throws Exception {
    if (stage != null) run(stage::hide);
    if (session != null) session.close();
    Platform.exit();
  }

  @Test @Order(1) void theListShowsTheExampleThreadsFromTheServer() throws Exception {
    waitUntil("the list holds the three example threads, refreshed from the server", WAIT,
        () -> threadNames().size() == 3 && !text("threadListFooter").contains("cache"));
    assertTrue(onFx(this::threadNames).containsAll(List.of("What is our refund policy?",
        "Summarise the Q3 sales report", "Wie beantrage ich Urlaub?")), onFx(this::threadNames).toString());
    assertEquals("3 threads", onFx(() -> text("threadListFooter")));
    assertEquals("New thread", onFx(() -> text("threadTitle")));
    driver.screenshot(stage, "01-thread-list");
  }

  @Test @Order(2) void selectingAThreadShowsItsConversation() throws Exception {
    run(() -> list().getSelectionModel().select(threadNames().indexOf("Summarise the Q3 sales report")));
    waitUntil("both rounds show", WAIT, () -> nodes("bubble.assistant").size() == 2);
    assertEquals(2, onFx(() -> nodes("bubble.user").size()));
    assertEquals("Summarise the Q3 sales report", onFx(() -> text("threadTitle")));
    assertEquals("Completed", onFx(() -> text("threadStatus")));
    assertEquals(2, onFx(() -> nodes("activity").size()));
    assertTrue(onFx(() -> ((Label) nodes("bubble.assistant").get(0)).getText()).startsWith("Q3 sales grew 12%"));
    // Expanding a round's activity lists its log lines.
    run(() -> findAll(nodes("activity").get(0), "activity.toggle", Button.class).get(0).fire());
    waitUntil("the first round's logs are listed", WAIT, () -> !nodes("activity.log").isEmpty());
    waitUntil("the connection is up to date", WAIT, () -> "Up to date".equals(text("connectionLabel")));
    driver.screenshot(stage, "02-conversation");
  }

  @Test @Order(3) void aNewPromptStreamsItsAnswerIntoANewThread() throws Exception {
    run(() -> button("newChatButton").fire());
    waitUntil("an empty new thread shows", WAIT, () -> "New thread".equals(text("threadTitle")));
    server.script().nextRound(Round.reply("Open Settings › Security and choose \u201cReset password\u201d; a link"
        + " arrives by e-mail within a minute and stays valid for 24 hours.").logs(4));
    type("How do I reset my password?");
    run(() -> button("sendButton").fire());
    waitUntil("the prompt shows at once", WAIT,
        () -> !nodes("bubble.pending").isEmpty() || !nodes("bubble.user").isEmpty());
    waitUntil("the assistant is working, with progress", WAIT, () -> {
      List<Node> bars = nodes("activity.progress");
      return !bars.isEmpty() && ((ProgressBar) bars.get(0)).getProgress() > 0 && nodes("bubble.assistant").isEmpty();
    });
    driver.screenshot(stage, "03-streaming");
    waitUntil("the answer arrives", WAIT, () -> nodes("bubble.assistant").size() == 1);
    assertTrue(onFx(() -> ((Label) nodes("bubble.assistant").get(0)).getText()).startsWith("Open Settings"));
    String id = onFx(window::currentThreadId);
    assertNotNull(id);
    waitUntil("the new thread is listed, selected and completed", WAIT,
        () -> threadNames().contains("How do I reset my password?") && id.equals(selectedId())
            && "Completed".equals(text("threadStatus")));
    assertEquals(4, onFx(this::threadNames).size());
    assertEquals("completed", server.truth(id).workflow().statusText());
    assertEquals(1 + 4 + 1 + 1, server.truth(id).items().size(), "user, 4 logs, stat, answer");
    waitUntil("the activity line completes", WAIT,
        () -> ((ProgressBar) nodes("activity.progress").get(0)).getProgress() == 1.0);
    driver.screenshot(stage, "04-answer");
  }

  @Test @Order(4) void retryNowRetriesAtOnceWhileReconnecting() throws Exception {
    run(() -> button("newChatButton").fire());
    server.faults().nextRequests("POST", "/api/chatbot/start/stream", 1, Fault.status(503, 30));
    type("Which plans include priority support?");
    run(() -> button("sendButton").fire());
    waitUntil("the indicator counts down to the next try", WAIT,
        () -> text("connectionLabel").startsWith("Reconnecting in ") && button("retryButton").isVisible());
    driver.screenshot(stage, "05-reconnecting");
    run(() -> button("retryButton").fire());
    waitUntil("the retry went through and the answer arrived", Duration.ofSeconds(15),
        () -> nodes("bubble.assistant").size() == 1);
    assertEquals(2, server.countRequests("POST", "/api/chatbot/start/stream") - 1,
        "one refused POST and one retried at once (plus the earlier thread's)");
  }

  @Test @Order(5) void stopEndsARunningThread() throws Exception {
    run(() -> button("newChatButton").fire());
    server.script().nextRound(Round.longRun(Duration.ofSeconds(60)));
    type("Draft the annual report");
    run(() -> button("sendButton").fire());
    waitUntil("the thread runs and offers Stop", WAIT,
        () -> window.currentThreadId() != null && button("stopButton").isVisible()
            && "Running…".equals(text("threadStatus")) && !nodes("activity").isEmpty());
    String id = onFx(window::currentThreadId);
    waitUntil("the list shows it", WAIT, () -> threadNames().contains("Draft the annual report"));
    driver.screenshot(stage, "06-running");
    run(() -> button("stopButton").fire());
    waitUntil("the thread shows it stopped", WAIT,
        () -> "Stopped".equals(text("threadStatus")) && nodes("stopButton").isEmpty());
    assertEquals("stopped", server.truth(id).workflow().statusText());
    assertTrue(onFx(() -> nodes("bubble.assistant").isEmpty()), "no answer after a stop");
    driver.screenshot(stage, "07-stopped");
  }

  @Test @Order(6) void deleteAsksFirstThenRemovesTheThread() throws Exception {
    String id = onFx(window::currentThreadId);
    assertNotNull(id);
    int before = onFx(this::threadNames).size();
    Platform.runLater(() -> button("deleteButton").fire());    // the confirmation waits for an answer
    waitUntil("the confirmation shows", WAIT, () -> confirmDialog() != null);
    assertTrue(onFx(() -> confirmDialog().getHeaderText()).contains("Draft the annual report"));
    driver.screenshot(stage, "08-confirm-delete");
    run(() -> ((Button) confirmDialog().lookupButton(FxChatWindow.DELETE)).fire());
    waitUntil("the thread is gone from the list and the window shows a new thread", WAIT,
        () -> threadNames().size() == before - 1 && "New thread".equals(text("threadTitle")));
    assertFalse(server.hasThread(id));
    assertFalse(onFx(this::threadNames).contains("Draft the annual report"));
    driver.screenshot(stage, "09-deleted");
  }

  @Test @Order(7) void offlineTheWindowShowsTheCacheAndCannotSend() throws Exception {
    assertTrue(session.client().flushCache(Duration.ofSeconds(5)));
    Options options = Options.parse(List.of("--cache", cache.toString(), "--offline", "--ui", "javafx"), Map.of());
    DemoSession offline = DemoSession.open(options, JavaFxExecutor.INSTANCE, ChatbotEventListener.NONE);
    try {
      run(stage::hide);
      stage = FxApp.open(offline).stage();
      waitUntil("the cached threads show", WAIT, () -> threadNames().contains("How do I reset my password?"));
      run(() -> list().getSelectionModel().select(threadNames().indexOf("How do I reset my password?")));
      waitUntil("the cached conversation shows", WAIT, () -> nodes("bubble.assistant").size() == 1);
      assertEquals("Offline · showing cached data", onFx(() -> text("connectionLabel")));
      assertTrue(onFx(() -> text("threadListFooter")).endsWith("offline, from cache"));
      run(() -> find(root(), "promptInput", TextArea.class).setText("Can I send?"));
      assertTrue(onFx(() -> find(root(), "promptInput", TextArea.class).isDisabled()));
      assertTrue(onFx(() -> button("sendButton").isDisabled()));
      assertTrue(onFx(() -> nodes("deleteButton").isEmpty()), "no Delete offline");
      driver.screenshot(stage, "10-offline");
    } finally {
      run(stage::hide);
      offline.close();
    }
  }

  @Test @Order(8) void loadMoreFetchesThePagesPastTheFirst() throws Exception {
    stage = window.stage();
    run(stage::show);
    int before = onFx(this::threadNames).size();
    for (int i = 0; i < ThreadPaging.PAGE_SIZE; i++) {
      server.createThread(EmbeddedBackend.USER, "Question " + i, "Answer " + i);
    }
    session.client().refreshThreads();
    // The client's list holds its first page and the threads it saw itself: more than a page here.
    waitUntil("a full first page offers more", WAIT,
        () -> threadNames().contains("Question " + (ThreadPaging.PAGE_SIZE - 1)) && !nodes("loadMoreButton").isEmpty());
    run(() -> button("loadMoreButton").fire());
    waitUntil("the last page is read", WAIT, () -> nodes("loadMoreButton").isEmpty());
    int total = before + ThreadPaging.PAGE_SIZE;
    assertEquals(total, onFx(this::threadNames).size(), onFx(this::threadNames).toString());
    assertEquals(total, onFx(this::threadNames).stream().distinct().count(), "each thread once");
    assertEquals("Question " + (ThreadPaging.PAGE_SIZE - 1), onFx(this::threadNames).get(0), "most recent first");
    assertEquals(total + " threads", onFx(() -> text("threadListFooter")));
  }

  // ---------------------------------------------------------------- reading the scene graph

  private Node root() {
    return stage.getScene().getRoot();
  }

  @SuppressWarnings("unchecked")
  private ListView<Workflow> list() {
    return find(root(), "threadListView", ListView.class);
  }

  private List<String> threadNames() {
    return list().getItems().stream().map(Workflow::name).collect(Collectors.toList());
  }

  private String selectedId() {
    Workflow selected = list().getSelectionModel().getSelectedItem();
    return selected == null ? null : selected.id();
  }

  private String text(String id) {
    return find(root(), id, Label.class).getText();
  }

  private Button button(String id) {
    return find(root(), id, Button.class);
  }

  private List<Node> nodes(String id) {
    return findAll(root(), id, Node.class);
  }

  private void type(String prompt) throws Exception {
    run(() -> find(root(), "promptInput", TextArea.class).setText(prompt));
  }

  private DialogPane confirmDialog() {
    for (Window each : Window.getWindows()) {
      if (each.isShowing() && each.getScene() != null && each.getScene().getRoot() instanceof DialogPane
          && "confirmDelete".equals(each.getScene().getRoot().getId())) {
        return (DialogPane) each.getScene().getRoot();
      }
    }
    return null;
  }
}
