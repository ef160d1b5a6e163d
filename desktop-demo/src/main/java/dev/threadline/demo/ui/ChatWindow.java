package dev.threadline.demo.ui;

import dev.threadline.ConnectionState;
import dev.threadline.ThreadState;
import dev.threadline.Workflow;
import dev.threadline.demo.DemoSession;
import dev.threadline.demo.view.ChatController;
import dev.threadline.demo.view.HeaderText;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import javax.swing.BorderFactory;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.Timer;
import javax.swing.WindowConstants;

/**
 * The demo's window: the thread list on the left; on the right the selected thread (or a new one) with its
 * header, transcript and prompt box, which a {@link ChatController} drives: selecting a thread observes it,
 * sending posts a prompt to it (or starts a thread), Stop and Delete act on it. Every client callback
 * arrives on the Swing event thread (the session's callback executor) and no call here blocks on the
 * network. Build and use it on the Swing event thread only.
 */
public final class ChatWindow implements ChatController.Screen {
  private final DemoSession session;
  private final ChatController controller;
  private final JFrame frame = new JFrame();
  private final ThreadListPanel threads;
  private final ConnectionIndicator indicator;
  private final ConversationHeader header;
  private final ConversationPanel conversation = new ConversationPanel();
  private final PromptBox prompt;
  private final JLabel banner = new JLabel();
  private final Timer bannerTimer = new Timer(8000, event -> banner.setVisible(false));

  /** Builds the window on {@code session}; {@code onClosed} runs (off the event thread) after it closed. */
  public ChatWindow(DemoSession session, Runnable onClosed) {
    this.session = session;
    this.controller = new ChatController(session, this);
    this.threads = new ThreadListPanel(session.client(), controller::select, this::newChat);
    this.indicator = new ConnectionIndicator(controller::retryNow);
    this.header = new ConversationHeader(indicator, controller::stop, this::deleteCurrent);
    this.prompt = new PromptBox(controller::send);

    frame.setName("chatWindow");
    frame.setTitle("Threadline · " + session.serverLabel());
    frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
    frame.addWindowListener(new WindowAdapter() {
      @Override public void windowClosing(WindowEvent event) {
        close(onClosed);
      }
    });

    banner.setName("banner");
    banner.setOpaque(true);
    banner.setBackground(new Color(0xFEF2F2));
    banner.setForeground(new Color(0x991B1B));
    banner.setFont(Theme.font(Font.PLAIN, 12.5f));
    banner.setBorder(BorderFactory.createCompoundBorder(BorderFactory.createMatteBorder(1, 0, 0, 0, new Color(0xFECACA)),
        BorderFactory.createEmptyBorder(8, 28, 8, 28)));
    banner.setVisible(false);
    bannerTimer.setRepeats(false);

    JPanel bottom = new JPanel(new BorderLayout());
    bottom.add(banner, BorderLayout.NORTH);
    bottom.add(prompt, BorderLayout.CENTER);
    JPanel right = new JPanel(new BorderLayout());
    right.setBackground(Theme.SURFACE);
    right.add(header, BorderLayout.NORTH);
    right.add(conversation, BorderLayout.CENTER);
    right.add(bottom, BorderLayout.SOUTH);
    JPanel content = new JPanel(new BorderLayout());
    content.add(threads, BorderLayout.WEST);
    content.add(right, BorderLayout.CENTER);
    frame.setContentPane(content);
    frame.setMinimumSize(new Dimension(820, 520));
    frame.setSize(1180, 760);
    frame.setLocationRelativeTo(null);

    indicator.setOfflineMode(session.offline());
    threads.setOfflineMode(session.offline());
    prompt.setSendingAllowed(!session.offline());
    controller.newChat();
  }

  /** Shows the window and starts loading the thread list. */
  public void show() {
    frame.setVisible(true);
    threads.start();
    prompt.focusInput();
  }

  /** The window's frame (for tests and screenshots). */
  public JFrame frame() {
    return frame;
  }

  /** The id of the thread shown, or null for a new thread not yet created. */
  public String currentThreadId() {
    return controller.currentThreadId();
  }

  private void newChat() {
    controller.newChat();
    prompt.focusInput();
  }

  @Override public void showHeader(HeaderText text) {
    header.show(text);
  }

  @Override public void showConnection(ConnectionState connection, boolean fromCache) {
    indicator.show(connection, fromCache);
  }

  @Override public void showThread(ThreadState state) {
    conversation.show(state);
  }

  @Override public void showEmpty(String title, String hint) {
    conversation.showEmpty(title, hint);
  }

  @Override public void setPromptPlaceholder(String text) {
    prompt.setPlaceholder(text);
  }

  @Override public void setStopEnabled(boolean enabled) {
    header.setStopEnabled(enabled);
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

  private void deleteCurrent() {
    String id = controller.currentThreadId();
    if (id == null) return;
    Workflow listed = threads.workflow(id);
    String name = listed != null && listed.name() != null ? listed.name() : "this thread";
    JOptionPane pane = new JOptionPane(
        "<html><b>Delete \u201c" + escape(name) + "\u201d?</b><br><br>The thread and all its messages are removed"
            + " from the server and from this computer.<br>This cannot be undone.</html>",
        JOptionPane.WARNING_MESSAGE, JOptionPane.YES_NO_OPTION, null, new Object[] {"Delete", "Cancel"}, "Cancel");
    JDialog dialog = pane.createDialog(frame, "Delete thread");
    dialog.setName("confirmDelete");
    dialog.setVisible(true);
    dialog.dispose();
    if (!"Delete".equals(pane.getValue())) return;
    controller.delete(id);
  }

  @Override public void showBanner(String text) {
    banner.setText(text);
    banner.setVisible(true);
    bannerTimer.restart();
  }

  private void close(Runnable onClosed) {
    threads.stop();
    controller.close();
    frame.dispose();
    Thread closer = new Thread(() -> {
      session.close();
      onClosed.run();
    }, "threadline-demo-close");
    closer.start();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
