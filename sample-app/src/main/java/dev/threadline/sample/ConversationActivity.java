package dev.threadline.sample;

import android.app.Activity;
import android.os.Bundle;
import android.widget.Button;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.ListView;
import android.widget.TextView;
import dev.threadline.ChatItem;
import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotException;
import dev.threadline.SendCall;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.android.ActivityBinding;
import java.util.ArrayList;
import java.util.List;

/**
 * One conversation: the messages as they stream in, a connection banner, and send (continue), stop and
 * delete. Opened on an existing thread ({@link #EXTRA_WORKFLOW_ID}) or on a new thread's send
 * ({@link #EXTRA_SEND_KEY}); a recreated screen (rotation) observes again and gets the client's current
 * state, without a second stream.
 */
public class ConversationActivity extends Activity {
  /** The thread to show. */
  public static final String EXTRA_WORKFLOW_ID = "workflowId";
  /** The key of a new thread's send kept by {@link SampleApplication#keepSend}. */
  public static final String EXTRA_SEND_KEY = "sendKey";

  private String workflowId;
  private String sendKey;
  private ThreadState state;
  private ChangesAdapter<ChatItem> adapter;
  private TextView banner;
  private EditText prompt;
  private Button send;
  private Button stop;
  private Button delete;

  @Override protected void onCreate(Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    Bundle args = savedInstanceState != null ? savedInstanceState : getIntent().getExtras();
    workflowId = args == null ? null : args.getString(EXTRA_WORKFLOW_ID);
    sendKey = args == null ? null : args.getString(EXTRA_SEND_KEY);

    banner = Views.banner(this);
    prompt = Views.input(this, "Reply…");
    send = Views.button(this, "Send", v -> continueThread());
    stop = Views.button(this, "Stop", v -> client().stopAsync(workflowId));
    delete = Views.button(this, "Delete", v -> client().deleteAsync(workflowId).thenRun(this::finish));
    adapter = new ChangesAdapter<>(this, ConversationActivity::line);
    ListView messages = new ListView(this);
    messages.setAdapter(adapter);
    messages.setTranscriptMode(ListView.TRANSCRIPT_MODE_ALWAYS_SCROLL);
    LinearLayout root = Views.column(this);
    root.addView(banner);
    root.addView(messages, new LinearLayout.LayoutParams(LinearLayout.LayoutParams.MATCH_PARENT, 0, 1));
    root.addView(Views.row(this, prompt, send));
    root.addView(Views.row(this, stop, delete));
    setContentView(root);
    updateButtons();
    observe();
  }

  private void observe() {
    ThreadObserver observer = new ThreadObserver() {
      @Override public void onChanged(ThreadState newState) {
        render(newState);
      }

      @Override public void onError(ChatbotException error) {
        banner.setText(error.getMessage());
        banner.setVisibility(TextView.VISIBLE);
      }
    };
    SendCall pending = workflowId == null ? SampleApplication.from(this).keptSend(sendKey) : null;
    if (pending != null) {
      // A new thread: follow its send until the server names it, then it is an ordinary thread.
      ActivityBinding.closeOnDestroy(this, pending.observe(observer));
      pending.workflowId().thenAccept(id -> {
        workflowId = id;
        updateButtons();
      });
    } else if (workflowId != null) {
      ActivityBinding.observeThread(this, client(), workflowId, observer, ActivityBinding.WhileStopped.PAUSE);
    }
  }

  private void render(ThreadState newState) {
    state = newState;
    if (workflowId == null && newState.workflowId() != null) workflowId = newState.workflowId();
    setTitle(newState.workflow() != null ? newState.workflow().name() : "New chat");
    adapter.apply(newState.changes(), newState.items());
    Views.showConnection(banner, newState.connection(), newState.isFromCache());
    updateButtons();
  }

  /** One item's line: a message with its author, a log's text, or the type of any other item. */
  private static String line(ChatItem item) {
    if (item.type().equals(ChatItem.TYPE_MESSAGE)) {
      return item.role() + ": " + item.message() + (item.isPending() ? "  (sending)" : "");
    }
    return "· " + (item.type().equals(ChatItem.TYPE_LOG) ? item.message() : item.type());
  }

  private void updateButtons() {
    boolean known = workflowId != null;
    boolean running = state != null && !state.connection().kind().isTerminal();
    send.setEnabled(known && !running);
    stop.setEnabled(known && running);
    delete.setEnabled(known);
  }

  void continueThread() {
    String text = prompt.getText().toString().trim();
    if (text.isEmpty() || workflowId == null) return;
    prompt.setText("");
    client().send(UserInput.builder(text).workflowId(workflowId).build());
  }

  @Override protected void onSaveInstanceState(Bundle outState) {
    super.onSaveInstanceState(outState);
    outState.putString(EXTRA_WORKFLOW_ID, workflowId);
    outState.putString(EXTRA_SEND_KEY, sendKey);
  }

  private ChatbotClient client() {
    return SampleApplication.from(this).client();
  }

  /** The lines shown, for tests. */
  List<String> shownLines() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < adapter.getCount(); i++) lines.add(adapter.text(i));
    return lines;
  }

  ThreadState shownState() {
    return state;
  }

  String workflowId() {
    return workflowId;
  }

  TextView banner() {
    return banner;
  }

  EditText prompt() {
    return prompt;
  }

  Button sendButton() {
    return send;
  }

  Button stopButton() {
    return stop;
  }

  Button deleteButton() {
    return delete;
  }
}
