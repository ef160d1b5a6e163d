package dev.threadline.demo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatbotClient;
import dev.threadline.CredentialsProvider;
import dev.threadline.Workflow;
import dev.threadline.demo.ThreadPaging;
import dev.threadline.testkit.FakeChatbotExtension;
import java.awt.Component;
import java.awt.Container;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The thread list's paging, without a window: the first page arrives by itself, later ones on "Load more". */
class ThreadListPanelTest {
  @RegisterExtension
  final FakeChatbotExtension fake = FakeChatbotExtension.create(server -> server.token("t", "alice"));

  @Test void loadMoreFetchesTheNextPagesUntilTheLast() throws Exception {
    int total = ThreadPaging.PAGE_SIZE * 2 + 5;
    for (int i = 0; i < total; i++) fake.server().createThread("alice", "Question " + i, "Answer " + i);
    try (ChatbotClient client = ChatbotClient.builder().baseUrl(fake.server().url())
        .credentials(CredentialsProvider.bearer("t")).listPageSize(ThreadPaging.PAGE_SIZE)
        .callbackExecutor(SwingUtilities::invokeLater).build()) {
      AtomicReference<ThreadListPanel> panel = new AtomicReference<>();
      SwingDriver.run(() -> {
        panel.set(new ThreadListPanel(client, id -> { }, () -> { }));
        panel.get().start();
      });
      SwingDriver.waitUntil("the first page", Duration.ofSeconds(10), () -> size(panel.get()) == ThreadPaging.PAGE_SIZE
          && loadMore(panel.get()).isVisible());
      for (int page = 2; page <= 3; page++) {
        SwingDriver.run(() -> loadMore(panel.get()).doClick());
        int expected = Math.min(total, page * ThreadPaging.PAGE_SIZE);
        SwingDriver.waitUntil("page " + page, Duration.ofSeconds(10), () -> size(panel.get()) == expected);
      }
      assertFalse(SwingDriver.onEdt(() -> loadMore(panel.get()).isVisible()), "no page after the last");
      List<String> names = SwingDriver.onEdt(() -> names(panel.get()));
      assertEquals(total, names.stream().distinct().count(), "each thread once");
      assertTrue(names.get(0).equals("Question " + (total - 1)), "most recently active first: " + names.get(0));
      assertEquals(total + " threads", SwingDriver.onEdt(() -> label(panel.get(), "threadList.footer").getText()));
      SwingDriver.run(() -> panel.get().stop());
    }
  }

  private static int size(ThreadListPanel panel) {
    return list(panel).getModel().getSize();
  }

  private static List<String> names(ThreadListPanel panel) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < size(panel); i++) names.add(((Workflow) list(panel).getModel().getElementAt(i)).name());
    return names;
  }

  private static JList<?> list(ThreadListPanel panel) {
    return (JList<?>) named(panel, "threadList.list");
  }

  private static JButton loadMore(ThreadListPanel panel) {
    return (JButton) named(panel, "loadMoreButton");
  }

  private static JLabel label(ThreadListPanel panel, String name) {
    return (JLabel) named(panel, name);
  }

  private static Component named(Container root, String name) {
    for (Component child : root.getComponents()) {
      if (name.equals(child.getName())) return child;
      if (child instanceof Container) {
        Component found = named((Container) child, name);
        if (found != null) return found;
      }
    }
    return null;
  }
}
