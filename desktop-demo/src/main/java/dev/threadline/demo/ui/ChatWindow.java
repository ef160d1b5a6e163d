package dev.threadline.demo.ui;

import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotException;
import dev.threadline.ConnectionState;
import dev.threadline.ProtocolException;
import dev.threadline.SendCall;
import dev.threadline.Subscription;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.Workflow;
import dev.threadline.demo.DemoSession;
import dev.threadline.demo.view.ErrorText;
import dev.threadline.demo.view.HeaderText;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.concurrent.CompletableFuture;
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
 * header, transcript and prompt box. It connects the panels to the client: selecting a thread observes it,
 * sending posts a prompt to it (or starts a thread), Stop and Delete act on it. Every client callback
 * arrives on the Swing event thread (the session's callback executor) and no call here blocks on the
 * network. Build and use it on the Swing event thread only.
 */
public final class ChatWindow {
  private final DemoSession session;
  private final ChatbotClient client;
  private final JFrame frame = new JFrame();
  private final ThreadListPanel threads;
  private final ConnectionIndicator indicator = new ConnectionIndicator(this::retryNow);
  private final ConversationHeader header;
  private final ConversationPanel conversation = new ConversationPanel();
  private final PromptBox prompt = new PromptBox(this::send);
  private final JLabel banner = new JLabel();
  private final Timer bannerTimer = new Timer(8000, event -> banner.setVisible(false));
  private String currentId;
  private String newThreadTitle;
  private Subscription subscription;
  private int generation;
  private boolean stopping;
  private ConnectionState.Kind lastConnection = ConnectionState.Kind.IDLE;

  /** Builds the window on {@code session}; {@code onClosed} runs (off the event thread) after it closed. */
  public ChatWindow(DemoSession session, Runnable onClosed) {
    this.session = session;
    this.client = session.client();
    this.threads = new ThreadListPanel(client, this::select, this::newChat);
    this.header = new ConversationHeader(indicator, this::stopCurrent, this::deleteCurrent);

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
    newChat();
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
    return currentId;
  }

  private void select(String workflowId) {
    if (workflowId == null) return;
    if (workflowId.equals(currentId) && subscription != null) return;
    unsubscribe();
    currentId = workflowId;
    newThreadTitle = null;
    header.show(HeaderText.selected(threads.workflow(workflowId), session.offline()));
    conversation.showEmpty("Loading…", " ");
    prompt.setPlaceholder("Reply in this thread…");
    subscription = client.observeThread(workflowId, observer(++generation));
  }

  private void newChat() {
    unsubscribe();
    generation++;
    currentId = null;
    newThreadTitle = null;
    threads.select(null);
    header.show(HeaderText.newThread());
    indicator.show(ConnectionState.IDLE, false);
    conversation.showEmpty("Start a conversation",
        "Ask a question below; the answer streams in as it is written, and the thread is kept on this computer.");
    prompt.setPlaceholder("Ask anything…");
    prompt.focusInput();
  }

  private ThreadObserver observer(int forGeneration) {
    return new ThreadObserver() {
      @Override public void onChanged(ThreadState state) {
        if (forGeneration == generation) render(state);
      }

      @Override public void onError(ChatbotException error) {
        if (forGeneration == generation && !(error instanceof ProtocolException)) showBanner(ErrorText.describe(error));
      }
    };
  }

  private void render(ThreadState state) {
    String id = state.workflowId();
    if (id != null && currentId == null) {
      currentId = id;
      threads.select(id);
      prompt.setPlaceholder("Reply in this thread…");
    }
    header.show(HeaderText.of(state, id == null ? null : threads.workflow(id), newThreadTitle, session.offline()));
    header.setStopEnabled(!stopping);
    indicator.show(state.connection(), state.isFromCache());
    lastConnection = state.connection().kind();
    conversation.show(state);
  }

  private void send(String text) {
    String target = currentId;
    UserInput input = target == null ? UserInput.of(text) : UserInput.builder(text).workflowId(target).build();
    SendCall call = client.send(input);
    if (target == null) {
      unsubscribe();
      newThreadTitle = text;
      subscription = call.observe(observer(++generation));
    }
    call.workflowId().thenAccept(id -> threads.setActive(id, true));
    call.result().whenComplete((state, error) -> {
      String id = state != null ? state.workflowId() : valueOrNull(call.workflowId());
      threads.setActive(id, false);
      if (error != null) showBanner("Could not send: " + ErrorText.describe(error));
    });
  }

  private void stopCurrent() {
    String id = currentId;
    if (id == null) return;
    stopping = true;
    header.setStopEnabled(false);
    client.stopAsync(id).whenComplete((workflow, error) -> {
      stopping = false;
      header.setStopEnabled(true);
      if (error != null) showBanner("Could not stop: " + ErrorText.describe(error));
    });
  }

  private void deleteCurrent() {
    String id = currentId;
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
    client.deleteAsync(id).whenComplete((nothing, error) -> {
      if (error != null) {
        showBanner("Could not delete: " + ErrorText.describe(error));
        return;
      }
      threads.forget(id);
      if (id.equals(currentId)) newChat();
    });
  }

  private void retryNow() {
    client.networkAvailable();
    if (currentId != null && lastConnection == ConnectionState.Kind.GAVE_UP) {
      // A thread whose recovery gave up needs a new observation to try again.
      String id = currentId;
      unsubscribe();
      currentId = null;
      select(id);
    }
  }

  private void showBanner(String text) {
    banner.setText(text);
    banner.setVisible(true);
    bannerTimer.restart();
  }

  private void unsubscribe() {
    if (subscription != null) subscription.close();
    subscription = null;
  }

  private void close(Runnable onClosed) {
    threads.stop();
    unsubscribe();
    frame.dispose();
    Thread closer = new Thread(() -> {
      session.close();
      onClosed.run();
    }, "threadline-demo-close");
    closer.start();
  }

  private static <T> T valueOrNull(CompletableFuture<T> future) {
    return future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
