package dev.threadline.demo.ui;

import static dev.threadline.demo.ui.SwingDriver.find;
import static dev.threadline.demo.ui.SwingDriver.findAll;
import static dev.threadline.demo.ui.SwingDriver.onEdt;
import static dev.threadline.demo.ui.SwingDriver.run;
import static dev.threadline.demo.ui.SwingDriver.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatbotEventListener;
import dev.threadline.Workflow;
import dev.threadline.demo.DemoSession;
import dev.threadline.demo.Options;
import dev.threadline.testkit.FakeChatbotServer;
import dev.threadline.testkit.Fault;
import dev.threadline.testkit.Round;
import java.awt.GraphicsEnvironment;
import java.awt.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JTextArea;
import javax.swing.ListModel;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The window against its embedded backend, step by step as a user goes: the list, a thread, a new prompt
 * and its streamed answer, reconnecting with "Retry now", stopping a running thread, deleting a thread.
 * Each step saves a screenshot. Run by {@link ChatWindowUnderXvfbTest} in a JVM with a display; it reads
 * the component tree, never pixels.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatWindowScenario {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Path cache;
  private DemoSession session;
  private FakeChatbotServer server;
  private ChatWindow window;
  private JFrame frame;
  private SwingDriver driver;

  @BeforeAll void openTheWindow() throws Exception {
    Assumptions.assumeFalse(GraphicsEnvironment.isHeadless(),
        "needs a display: ChatWindowUnderXvfbTest runs this scenario in a JVM with one");
    cache = Files.createTempDirectory("threadline-demo-ui");
    Options options = Options.parse(List.of("--cache", cache.toString(), "--pacing-ms", "150"), Map.of());
    session = DemoSession.open(options, SwingUtilities::invokeLater, ChatbotEventListener.NONE);
    server = session.backend().server();
    window = DesktopApp.open(session);
    frame = window.frame();
    driver = new SwingDriver(Path.of(System.getProperty("threadline.screenshots", "target/screenshots")));
  }

  @AfterAll void closeTheWindow() throws Exception {
    if (frame != null) run(frame::dispose);
    if (session != null) session.close();
  }

  @Test @Order(1) void theListShowsTheExampleThreadsFromTheServer() throws Exception {
    waitUntil("the list holds the three example threads, refreshed from the server", WAIT,
        () -> threadNames().size() == 3 && !footer().contains("cache"));
    assertTrue(threadNames().containsAll(List.of("What is our refund policy?", "Summarise the Q3 sales report",
        "Wie beantrage ich Urlaub?")), threadNames().toString());
    assertEquals("3 threads", footer());
    assertEquals("New thread", text("threadTitle"));
    driver.screenshot(frame, "01-thread-list");
  }

  @Test @Order(2) void selectingAThreadShowsItsConversation() throws Exception {
    int index = threadNames().indexOf("Summarise the Q3 sales report");
    run(() -> list().setSelectedIndex(index));
    waitUntil("both rounds show", WAIT, () -> bubbles("bubble.assistant").size() == 2);
    assertEquals(2, onEdt(() -> bubbles("bubble.user").size()));
    assertEquals("Summarise the Q3 sales report", text("threadTitle"));
    assertEquals("Completed", text("threadStatus"));
    assertEquals(2, onEdt(() -> findAll(frame.getContentPane(), "activity", ActivityLine.class).size()));
    assertEquals(2, onEdt(() -> findAll(frame.getContentPane(), "stat", JLabel.class).size()));
    assertTrue(onEdt(() -> bubbles("bubble.assistant").get(0).text().startsWith("Q3 sales grew 12%")));
    // Expanding a round's activity lists its log lines.
    run(() -> find(findAll(frame.getContentPane(), "activity", ActivityLine.class).get(0), "activity.toggle",
        JButton.class).doClick());
    waitUntil("the first round's logs are listed", WAIT,
        () -> !findAll(frame.getContentPane(), "activity.log", java.awt.Component.class).isEmpty());
    waitUntil("the connection is up to date", WAIT, () -> "Up to date".equals(text("connection.label")));
    driver.screenshot(frame, "02-conversation");
  }

  @Test @Order(3) void aNewPromptStreamsItsAnswerIntoANewThread() throws Exception {
    run(() -> find(frame.getContentPane(), "newChatButton", JButton.class).doClick());
    waitUntil("an empty new thread shows", WAIT, () -> "New thread".equals(text("threadTitle")));
    server.script().nextRound(Round.reply("Open Settings › Security and choose \u201cReset password\u201d; a link"
        + " arrives by e-mail within a minute and stays valid for 24 hours.").logs(4));
    type("How do I reset my password?");
    run(() -> find(frame.getContentPane(), "sendButton", JButton.class).doClick());
    waitUntil("the prompt shows at once", WAIT,
        () -> !bubbles("bubble.pending").isEmpty() || !bubbles("bubble.user").isEmpty());
    waitUntil("the assistant is working, with progress", WAIT, () -> {
      List<ActivityLine> lines = findAll(frame.getContentPane(), "activity", ActivityLine.class);
      return !lines.isEmpty() && lines.get(0).progressPercent() > 0 && bubbles("bubble.assistant").isEmpty();
    });
    driver.screenshot(frame, "03-streaming");
    waitUntil("the answer arrives", WAIT, () -> bubbles("bubble.assistant").size() == 1);
    assertTrue(onEdt(() -> bubbles("bubble.assistant").get(0).text().startsWith("Open Settings")));
    String id = onEdt(window::currentThreadId);
    assertNotNull(id);
    waitUntil("the new thread is listed, selected and completed", WAIT,
        () -> threadNames().contains("How do I reset my password?") && id.equals(selectedId())
            && "Completed".equals(text("threadStatus")));
    assertEquals(4, threadNames().size());
    assertEquals("completed", server.truth(id).workflow().statusText());
    assertEquals(server.truth(id).items().size(), 1 + 4 + 1 + 1, "user, 4 logs, stat, answer");
    waitUntil("the activity line completes", WAIT,
        () -> findAll(frame.getContentPane(), "activity", ActivityLine.class).get(0).progressPercent() == 100);
    driver.screenshot(frame, "04-answer");
  }

  @Test @Order(4) void retryNowRetriesAtOnceWhileReconnecting() throws Exception {
    run(() -> find(frame.getContentPane(), "newChatButton", JButton.class).doClick());
    server.faults().nextRequests("POST", "/api/chatbot/start/stream", 1, Fault.status(503, 30));
    type("Which plans include priority support?");
    run(() -> find(frame.getContentPane(), "sendButton", JButton.class).doClick());
    waitUntil("the indicator counts down to the next try", WAIT,
        () -> text("connection.label").startsWith("Reconnecting in ")
            && find(frame.getContentPane(), "connection.retry", JButton.class).isVisible());
    driver.screenshot(frame, "05-reconnecting");
    run(() -> find(frame.getContentPane(), "connection.retry", JButton.class).doClick());
    waitUntil("the retry went through and the answer arrived", Duration.ofSeconds(15),
        () -> bubbles("bubble.assistant").size() == 1);
    assertEquals(2, server.countRequests("POST", "/api/chatbot/start/stream") - 1,
        "one refused POST and one retried at once (plus the earlier thread's)");
  }

  @Test @Order(5) void stopEndsARunningThread() throws Exception {
    run(() -> find(frame.getContentPane(), "newChatButton", JButton.class).doClick());
    server.script().nextRound(Round.longRun(Duration.ofSeconds(60)));
    type("Draft the annual report");
    run(() -> find(frame.getContentPane(), "sendButton", JButton.class).doClick());
    waitUntil("the thread runs and offers Stop", WAIT,
        () -> window.currentThreadId() != null && stopButton().isVisible() && "Running…".equals(text("threadStatus"))
            && !findAll(frame.getContentPane(), "activity", ActivityLine.class).isEmpty());
    String id = onEdt(window::currentThreadId);
    waitUntil("the list marks it running", WAIT, () -> threadNames().contains("Draft the annual report"));
    driver.screenshot(frame, "06-running");
    run(() -> stopButton().doClick());
    waitUntil("the thread shows it stopped", WAIT,
        () -> "Stopped".equals(text("threadStatus")) && !stopButton().isVisible());
    assertEquals("stopped", server.truth(id).workflow().statusText());
    assertTrue(onEdt(() -> bubbles("bubble.assistant").isEmpty()), "no answer after a stop");
    driver.screenshot(frame, "07-stopped");
  }

  @Test @Order(6) void deleteAsksFirstThenRemovesTheThread() throws Exception {
    String id = onEdt(window::currentThreadId);
    assertNotNull(id);
    int before = threadNames().size();
    SwingUtilities.invokeLater(() -> find(frame.getContentPane(), "deleteButton", JButton.class).doClick());
    waitUntil("the confirmation shows", WAIT, () -> confirmDialog() != null);
    JDialog dialog = onEdt(this::confirmDialog);
    driver.screenshot(frame, "08-confirm-delete");
    run(() -> deleteButtonOf(dialog).doClick());
    waitUntil("the thread is gone from the list and the window shows a new thread", WAIT,
        () -> threadNames().size() == before - 1 && "New thread".equals(text("threadTitle")));
    assertFalse(server.hasThread(id));
    assertFalse(threadNames().contains("Draft the annual report"));
    driver.screenshot(frame, "09-deleted");
  }

  @Test @Order(7) void offlineTheWindowShowsTheCacheAndCannotSend() throws Exception {
    assertTrue(session.client().flushCache(Duration.ofSeconds(5)));
    Options options = Options.parse(List.of("--cache", cache.toString(), "--offline"), Map.of());
    DemoSession offline = DemoSession.open(options, SwingUtilities::invokeLater, ChatbotEventListener.NONE);
    JFrame offlineFrame = null;
    try {
      run(frame::dispose);
      ChatWindow offlineWindow = DesktopApp.open(offline);
      offlineFrame = offlineWindow.frame();
      JFrame shown = offlineFrame;
      waitUntil("the cached threads show", WAIT, () -> names(shown).contains("How do I reset my password?"));
      int index = onEdt(() -> names(shown).indexOf("How do I reset my password?"));
      run(() -> find(shown.getContentPane(), "threadList.list", JList.class).setSelectedIndex(index));
      waitUntil("the cached conversation shows", WAIT,
          () -> findAll(shown.getContentPane(), "bubble.assistant", MessageBubble.class).size() == 1);
      assertEquals("Offline · showing cached data",
          onEdt(() -> find(shown.getContentPane(), "connection.label", JLabel.class).getText()));
      assertTrue(onEdt(() -> find(shown.getContentPane(), "threadList.footer", JLabel.class).getText())
          .endsWith("offline, from cache"));
      run(() -> find(shown.getContentPane(), "promptInput", JTextArea.class).setText("Can I send?"));
      assertFalse(onEdt(() -> find(shown.getContentPane(), "sendButton", JButton.class).isEnabled()));
      driver.screenshot(shown, "10-offline");
    } finally {
      if (offlineFrame != null) run(offlineFrame::dispose);
      offline.close();
    }
  }

  // ---------------------------------------------------------------- reading the tree

  private static List<String> names(JFrame someFrame) {
    ListModel<?> model = find(someFrame.getContentPane(), "threadList.list", JList.class).getModel();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < model.getSize(); i++) names.add(((Workflow) model.getElementAt(i)).name());
    return names;
  }

  private JList<?> list() {
    return find(frame.getContentPane(), "threadList.list", JList.class);
  }

  private List<String> threadNames() throws Exception {
    return onEdt(() -> {
      ListModel<?> model = list().getModel();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < model.getSize(); i++) names.add(((Workflow) model.getElementAt(i)).name());
      return names;
    });
  }

  private String selectedId() {
    Object selected = list().getSelectedValue();
    return selected == null ? null : ((Workflow) selected).id();
  }

  private String footer() throws Exception {
    return onEdt(() -> find(frame.getContentPane(), "threadList.footer", JLabel.class).getText());
  }

  private String text(String labelName) throws Exception {
    return onEdt(() -> find(frame.getContentPane(), labelName, JLabel.class).getText());
  }

  private List<MessageBubble> bubbles(String name) {
    return findAll(frame.getContentPane(), name, MessageBubble.class);
  }

  private JButton stopButton() {
    List<JButton> buttons = new ArrayList<>();
    collectByName(frame.getContentPane(), "stopButton", buttons);
    return buttons.get(0);
  }

  private static void collectByName(java.awt.Container root, String name, List<JButton> found) {
    for (java.awt.Component child : root.getComponents()) {
      if (name.equals(child.getName()) && child instanceof JButton) found.add((JButton) child);
      if (child instanceof java.awt.Container) collectByName((java.awt.Container) child, name, found);
    }
  }

  private void type(String prompt) throws Exception {
    run(() -> find(frame.getContentPane(), "promptInput", JTextArea.class).setText(prompt));
  }

  private JDialog confirmDialog() {
    for (Window each : Window.getWindows()) {
      if (each instanceof JDialog && "confirmDelete".equals(each.getName()) && each.isShowing()) return (JDialog) each;
    }
    return null;
  }

  private static JButton deleteButtonOf(JDialog dialog) {
    List<JButton> buttons = new ArrayList<>();
    collectButtons(dialog.getContentPane(), buttons);
    return buttons.stream().filter(button -> "Delete".equals(button.getText())).findFirst()
        .orElseThrow(() -> new AssertionError("no Delete button in the confirmation"));
  }

  private static void collectButtons(java.awt.Container root, List<JButton> found) {
    for (java.awt.Component child : root.getComponents()) {
      if (child instanceof JButton) found.add((JButton) child);
      if (child instanceof java.awt.Container) collectButtons((java.awt.Container) child, found);
    }
  }
}
