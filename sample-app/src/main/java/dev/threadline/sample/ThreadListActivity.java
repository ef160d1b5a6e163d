package dev.threadline.sample;

import android.app.Activity;
import android.content.Intent;
import android.os.Bundle;
import android.widget.Button;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.ListView;
import android.widget.TextView;
import dev.threadline.ChatbotException;
import dev.threadline.SendCall;
import dev.threadline.ThreadListObserver;
import dev.threadline.ThreadListState;
import dev.threadline.UserInput;
import dev.threadline.Workflow;
import dev.threadline.android.ActivityBinding;
import java.util.ArrayList;
import java.util.List;

/**
 * The thread list: the cached threads at once (also offline, after the process died), then the server's;
 * tap a thread to open it, long-press to delete it, type a prompt to start a new one.
 */
public class ThreadListActivity extends Activity {
  private ChangesAdapter<Workflow> adapter;
  private TextView banner;
  // What the banner says: whether the list shown is the cache's, and why the last refresh failed, if it did.
  // Either may come first: the cache when the network is slow, the failure when the cache is.
  private boolean showingCache;
  private String refreshFailure;
  private EditText prompt;
  private Button send;

  @Override protected void onCreate(Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    setTitle("Chats");
    banner = Views.banner(this);
    prompt = Views.input(this, "Ask something new…");
    send = Views.button(this, "Send", v -> startThread());
    adapter = new ChangesAdapter<>(this, thread -> thread.name() + "  ·  " + thread.statusText());
    ListView list = new ListView(this);
    list.setAdapter(adapter);
    list.setOnItemClickListener((parent, view, position, id) -> open(adapter.getItem(position).id()));
    list.setOnItemLongClickListener((parent, view, position, id) -> {
      delete(adapter.getItem(position).id());
      return true;
    });
    LinearLayout root = Views.column(this);
    root.addView(banner);
    root.addView(Views.row(this, prompt, send));
    root.addView(list, new LinearLayout.LayoutParams(LinearLayout.LayoutParams.MATCH_PARENT, 0, 1));
    setContentView(root);

    ActivityBinding.observeThreads(this, SampleApplication.from(this).client(), new ThreadListObserver() {
      @Override public void onChanged(ThreadListState state) {
        render(state);
      }

      @Override public void onError(ChatbotException error) {
        refreshFailure = error.getMessage();
        renderBanner();
      }
    }, ActivityBinding.WhileStopped.PAUSE);
  }

  private void render(ThreadListState state) {
    adapter.apply(state.changes(), state.threads());
    showingCache = state.isFromCache();
    if (!showingCache) refreshFailure = null; // the server answered
    renderBanner();
  }

  private void renderBanner() {
    String failure = refreshFailure == null ? null : "could not refresh: " + refreshFailure;
    if (showingCache) {
      banner.setText(failure == null ? "Showing saved threads" : "Showing saved threads · " + failure);
    } else if (failure != null) {
      banner.setText(Character.toUpperCase(failure.charAt(0)) + failure.substring(1));
    }
    banner.setVisibility(showingCache || failure != null ? TextView.VISIBLE : TextView.GONE);
  }

  /** Sends the prompt as a new thread and opens it; the send is kept by the application across rotations. */
  void startThread() {
    String text = prompt.getText().toString().trim();
    if (text.isEmpty()) return;
    prompt.setText("");
    SampleApplication app = SampleApplication.from(this);
    SendCall call = app.client().send(UserInput.of(text));
    startActivity(new Intent(this, ConversationActivity.class)
        .putExtra(ConversationActivity.EXTRA_SEND_KEY, app.keepSend(call)));
  }

  void open(String workflowId) {
    startActivity(new Intent(this, ConversationActivity.class)
        .putExtra(ConversationActivity.EXTRA_WORKFLOW_ID, workflowId));
  }

  void delete(String workflowId) {
    SampleApplication.from(this).client().deleteAsync(workflowId);
  }

  /** The rows shown, for tests. */
  List<String> shownRows() {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < adapter.getCount(); i++) rows.add(adapter.text(i));
    return rows;
  }

  /** The threads shown, for tests. */
  List<Workflow> shownThreads() {
    List<Workflow> threads = new ArrayList<>();
    for (int i = 0; i < adapter.getCount(); i++) threads.add(adapter.getItem(i));
    return threads;
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
}
