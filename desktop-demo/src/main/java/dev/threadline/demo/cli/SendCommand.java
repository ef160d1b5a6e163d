package dev.threadline.demo.cli;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotEventListener;
import dev.threadline.ChatbotException;
import dev.threadline.ConnectionState;
import dev.threadline.RoundRef;
import dev.threadline.SendCall;
import dev.threadline.StoreException;
import dev.threadline.Subscription;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.demo.DemoSession;
import dev.threadline.demo.Options;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code send [--thread ID] PROMPT}: sends the prompt (given, or read by {@link Cli}), prints each item once as it arrives, follows the
 * workflow to its end (completed, stopped or error are all a success), then reads the thread once more, as
 * the authoritative end state. With {@code --json} the items as they arrive go to stderr and stdout gets
 * only the final thread.
 */
final class SendCommand {
  private final Options options;
  private final String prompt;
  private final PrintStream out;
  private final PrintStream err;
  private final PrintStream progress;
  private final Set<String> printed = new HashSet<>();
  private final AtomicBoolean gaveUp = new AtomicBoolean();
  private boolean finished;

  SendCommand(Options options, String prompt, PrintStream out, PrintStream err) {
    this.options = options;
    this.prompt = prompt;
    this.out = out;
    this.err = err;
    this.progress = options.json() ? err : out;
  }

  void run() {
    ChatbotEventListener listener = new ChatbotEventListener() {
      @Override public void gaveUp(RoundRef round, Throwable cause) {
        gaveUp.set(true);
      }

      @Override public void reconnectScheduled(RoundRef round, int attempt, Duration delay, Throwable cause) {
        err.println("reconnecting in " + Math.max(1, Math.round(delay.toMillis() / 1000.0)) + " s (attempt " + attempt
            + "): " + cause.getMessage());
      }
    };
    try (DemoSession session = DemoSession.open(options, null, listener)) {
      String threadId = options.thread();
      if (threadId != null) {
        // Asking first reports a mistyped id as "not found" before anything is sent (the SDK would say "deleted").
        session.client().getThread(threadId);
      }
      UserInput input = UserInput.builder(prompt).workflowId(threadId).build();
      SendCall call = session.client().send(input);
      Subscription subscription = call.observe(new ThreadObserver() {
        @Override public void onChanged(ThreadState state) {
          print(state.items());
        }

        @Override public void onError(ChatbotException error) {
          // A failure that ends the send is reported once, at the end; only a cache problem is worth a warning.
          if (error instanceof StoreException) err.println("warning: " + error.getMessage());
        }
      });
      ThreadState end = await(call);
      subscription.close();
      if (end.connection().kind() == ConnectionState.Kind.GAVE_UP) {
        throw new RecoveryGaveUpException(end.connection().cause());
      }
      ChatThread thread = session.client().getThread(end.workflowId());
      print(thread.items());
      synchronized (this) {
        finished = true;
      }
      if (options.json()) {
        out.println(ThreadJson.thread(thread));
      } else {
        out.println("-- " + thread.workflow().statusText() + " (" + thread.workflow().id() + ")");
      }
      err.println("workflow " + thread.workflow().id() + " ended: " + thread.workflow().statusText());
    }
  }

  private ThreadState await(SendCall call) {
    try {
      return call.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
          ? e.getCause().getCause() : e.getCause();
      if (gaveUp.get()) throw new RecoveryGaveUpException(cause);
      if (cause instanceof RuntimeException) throw (RuntimeException) cause;
      throw new IllegalStateException(cause);
    }
  }

  private synchronized void print(List<ChatItem> items) {
    if (finished) return;
    for (ChatItem item : items) {
      if (item.isPending() || !printed.add(item.identityKey())) continue;
      progress.println(ItemText.item(item));
    }
    progress.flush();
  }
}
