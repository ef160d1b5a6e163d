package dev.threadline.demo.view;

import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotException;
import dev.threadline.ConnectionState;
import dev.threadline.MalformedResponseException;
import dev.threadline.SendCall;
import dev.threadline.Subscription;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.Workflow;
import dev.threadline.demo.DemoSession;
import java.util.concurrent.CompletableFuture;

/**
 * What a chat window does, whatever draws it: selecting a thread observes it, sending posts a prompt to
 * it (or starts a thread), Stop and Delete act on it, "Retry now" retries at once. It tells its
 * {@link Screen} what to show. Every client callback arrives on the session's callback executor, which is
 * the window's UI thread; call this on that thread only. No call here blocks on the network.
 */
public final class ChatController {
  /** What the controller shows through; the window's UI thread only. */
  public interface Screen {
    /** Shows the conversation header. */
    void showHeader(HeaderText header);

    /** Shows the shown thread's connection; {@code fromCache} tells whether its data is the cache's only. */
    void showConnection(ConnectionState connection, boolean fromCache);

    /** Shows the thread's items. */
    void showThread(ThreadState state);

    /** Shows a centred message instead of a thread. */
    void showEmpty(String title, String hint);

    /** Shows an error for a few seconds. */
    void showBanner(String text);

    /** Sets the prompt box's placeholder. */
    void setPromptPlaceholder(String text);

    /** Enables or disables Stop while a stop request is under way. */
    void setStopEnabled(boolean enabled);

    /** Selects thread {@code workflowId} in the list (null clears) without selecting it here again. */
    void selectInList(String workflowId);

    /** The thread as the list has it, or null. */
    Workflow listed(String workflowId);

    /** Marks in the list whether thread {@code workflowId} has a round in flight in this window. */
    void setActive(String workflowId, boolean active);

    /** Forgets a deleted thread in the list. */
    void forget(String workflowId);
  }

  private final DemoSession session;
  private final ChatbotClient client;
  private final Screen screen;
  private String currentId;
  private String newThreadTitle;
  private Subscription subscription;
  private int generation;
  private boolean stopping;
  private ConnectionState.Kind lastConnection = ConnectionState.Kind.IDLE;

  /** A controller of {@code session}'s client that shows through {@code screen}. */
  public ChatController(DemoSession session, Screen screen) {
    this.session = session;
    this.client = session.client();
    this.screen = screen;
  }

  /** The id of the thread shown, or null for a new thread not yet created. */
  public String currentThreadId() {
    return currentId;
  }

  /** The user selected thread {@code workflowId} (null: nothing to do). */
  public void select(String workflowId) {
    if (workflowId == null) return;
    if (workflowId.equals(currentId) && subscription != null) return;
    unsubscribe();
    currentId = workflowId;
    newThreadTitle = null;
    screen.showHeader(HeaderText.selected(screen.listed(workflowId), session.offline()));
    screen.showEmpty("Loading…", " ");
    screen.setPromptPlaceholder("Reply in this thread…");
    subscription = client.observeThread(workflowId, session.readPolicy(), observer(++generation));
  }

  /** The user asked for a new thread. */
  public void newChat() {
    unsubscribe();
    generation++;
    currentId = null;
    newThreadTitle = null;
    screen.selectInList(null);
    screen.showHeader(HeaderText.newThread());
    screen.showConnection(ConnectionState.IDLE, false);
    screen.showEmpty("Start a conversation",
        "Ask a question below; the answer streams in as it is written, and the thread is kept on this computer.");
    screen.setPromptPlaceholder("Ask anything…");
  }

  private ThreadObserver observer(int forGeneration) {
    return new ThreadObserver() {
      @Override public void onChanged(ThreadState state) {
        if (forGeneration == generation) render(state);
      }

      @Override public void onError(ChatbotException error) {
        if (forGeneration == generation && !(error instanceof MalformedResponseException)) {
          screen.showBanner(ErrorText.describe(error));
        }
      }
    };
  }

  private void render(ThreadState state) {
    String id = state.workflowId();
    if (id != null && currentId == null) {
      currentId = id;
      screen.selectInList(id);
      screen.setPromptPlaceholder("Reply in this thread…");
    }
    screen.showHeader(HeaderText.of(state, id == null ? null : screen.listed(id), newThreadTitle, session.offline()));
    screen.setStopEnabled(!stopping);
    screen.showConnection(state.connection(), state.isFromCache());
    lastConnection = state.connection().kind();
    screen.showThread(state);
  }

  /** The user sent {@code text}: to the thread shown, or to a new thread. */
  public void send(String text) {
    String target = currentId;
    UserInput input = target == null ? UserInput.of(text) : UserInput.builder(text).workflowId(target).build();
    SendCall call = client.send(input);
    if (target == null) {
      unsubscribe();
      newThreadTitle = text;
      subscription = call.observe(observer(++generation));
    }
    call.workflowId().thenAccept(id -> screen.setActive(id, true));
    call.result().whenComplete((state, error) -> {
      screen.setActive(state != null ? state.workflowId() : valueOrNull(call.workflowId()), false);
      if (error != null) screen.showBanner("Could not send: " + ErrorText.describe(error));
    });
  }

  /** The user asked to stop the thread shown. */
  public void stop() {
    String id = currentId;
    if (id == null) return;
    stopping = true;
    screen.setStopEnabled(false);
    client.stopAsync(id).whenComplete((workflow, error) -> {
      stopping = false;
      screen.setStopEnabled(true);
      if (error != null) screen.showBanner("Could not stop: " + ErrorText.describe(error));
    });
  }

  /** The user confirmed deleting thread {@code workflowId} (the one shown when asked). */
  public void delete(String workflowId) {
    client.deleteAsync(workflowId).whenComplete((nothing, error) -> {
      if (error != null) {
        screen.showBanner("Could not delete: " + ErrorText.describe(error));
        return;
      }
      screen.forget(workflowId);
      if (workflowId.equals(currentId)) newChat();
    });
  }

  /** The user asked to retry at once. */
  public void retryNow() {
    client.networkAvailable();
    if (currentId != null && lastConnection == ConnectionState.Kind.GAVE_UP) {
      // A thread whose recovery gave up needs a new observation to try again.
      String id = currentId;
      unsubscribe();
      currentId = null;
      select(id);
    }
  }

  /** The window closes: stops observing the thread shown. */
  public void close() {
    unsubscribe();
  }

  private void unsubscribe() {
    if (subscription != null) subscription.close();
    subscription = null;
  }

  private static <T> T valueOrNull(CompletableFuture<T> future) {
    return future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
  }
}
