package dev.threadline.coroutines;

import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotException;
import dev.threadline.ConnectionState;
import dev.threadline.NotFoundException;
import dev.threadline.SendCall;
import dev.threadline.ThreadListObserver;
import dev.threadline.ThreadListState;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadState;
import dev.threadline.coroutines.internal.ObserverFlow;
import java.util.Collections;
import java.util.Objects;
import java.util.function.Consumer;
import kotlinx.coroutines.CoroutineScope;
import kotlinx.coroutines.flow.Flow;
import kotlinx.coroutines.flow.FlowKt;
import kotlinx.coroutines.flow.SharingStarted;
import kotlinx.coroutines.flow.StateFlow;

/**
 * The {@link ChatbotClient}'s observers as {@code kotlinx.coroutines} flows.
 *
 * <pre>{@code
 * // In a ViewModel (Kotlin):
 * val thread: StateFlow<ThreadState> = ChatbotFlows.threadState(client, workflowId, viewModelScope)
 * val threads: StateFlow<ThreadListState> = ChatbotFlows.threadListState(client, viewModelScope)
 * // In the UI:
 * lifecycleScope.launch { repeatOnLifecycle(STARTED) { viewModel.thread.collect(::render) } }
 * }</pre>
 *
 * <p>The {@link Flow}s are cold: each collection registers its own observer with the client (so the
 * collector gets the cached state first, then the server's, as the observers do) and closing the
 * collection (cancelling the collector's coroutine, or the collector throwing) closes that
 * {@link dev.threadline.Subscription}. Like every subscription, that stops delivery only; it never stops
 * the workflow (that is {@link ChatbotClient#stop(String)}). States arrive conflated: a slow collector gets
 * the latest state, never a backlog. The flows need no particular dispatcher; the client's observers run on
 * its callback executor and only hand the state over.
 *
 * <p>The {@link StateFlow}s share one observer among all their collectors while there are any (plus a
 * grace period that outlives an activity being recreated), through {@code stateIn}.
 *
 * <p>Errors: a thread flow fails with {@link NotFoundException} when the thread does not exist (or was
 * deleted); other errors the observers report are warnings (a malformed event skipped, a cache write that
 * failed, a list refresh that failed) after which the state stays valid and keeps updating: the flows pass
 * them to the optional {@code warnings} consumer (on the client's callback executor) and go on.
 */
public final class ChatbotFlows {
  /**
   * How long the {@link StateFlow}s keep observing after their last collector left: long enough for an
   * activity's recreation (rotation), short enough to stop soon after a screen is gone.
   */
  public static final long DEFAULT_STOP_TIMEOUT_MILLIS = 5_000;

  private ChatbotFlows() {}

  /** A cold flow of thread {@code workflowId}'s states; see {@link #thread(ChatbotClient, String, Consumer)}. */
  public static Flow<ThreadState> thread(ChatbotClient client, String workflowId) {
    return thread(client, workflowId, null);
  }

  /**
   * A cold flow of thread {@code workflowId}'s states: each collection observes the thread with
   * {@link ChatbotClient#observeThread} until it is cancelled. Fails with {@link NotFoundException} if the
   * thread does not exist or is deleted.
   *
   * @param warnings receives the other errors (nullable; called on the client's callback executor)
   */
  public static Flow<ThreadState> thread(ChatbotClient client, String workflowId,
      Consumer<? super ChatbotException> warnings) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(workflowId, "workflowId");
    return new ObserverFlow<ThreadState>(sink -> client.observeThread(workflowId, threadObserver(sink, warnings)));
  }

  /**
   * A cold flow of the states of a prompt's thread, from the pending echo of the prompt on, as
   * {@link SendCall#observe} gives them. Collecting does not send anything (the send already happened);
   * cancelling stops listening, not the round.
   */
  public static Flow<ThreadState> send(SendCall call) {
    Objects.requireNonNull(call, "call");
    return new ObserverFlow<ThreadState>(sink -> call.observe(threadObserver(sink, null)));
  }

  /**
   * A cold flow of thread {@code workflowId}'s connection state ({@code CONNECTING}, {@code STREAMING},
   * {@code RECONNECTING}…), each change once; for a connection banner. Fails like
   * {@link #thread(ChatbotClient, String)}.
   */
  public static Flow<ConnectionState> connection(ChatbotClient client, String workflowId) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(workflowId, "workflowId");
    return new ObserverFlow<ConnectionState>(sink -> client.observeThread(workflowId, new ThreadObserver() {
      @Override public void onChanged(ThreadState state) {
        sink.offer(state.connection());
      }

      @Override public void onError(ChatbotException error) {
        if (error instanceof NotFoundException) sink.fail(error);
      }
    }));
  }

  /** A cold flow of the thread list; see {@link #threads(ChatbotClient, Consumer)}. */
  public static Flow<ThreadListState> threads(ChatbotClient client) {
    return threads(client, null);
  }

  /**
   * A cold flow of the thread list, most recently active first: each collection observes it with
   * {@link ChatbotClient#observeThreads} until it is cancelled. Never fails on its own.
   *
   * @param warnings receives refresh and cache errors (nullable; called on the client's callback executor)
   */
  public static Flow<ThreadListState> threads(ChatbotClient client, Consumer<? super ChatbotException> warnings) {
    Objects.requireNonNull(client, "client");
    return new ObserverFlow<ThreadListState>(sink -> client.observeThreads(new ThreadListObserver() {
      @Override public void onChanged(ThreadListState state) {
        sink.offer(state);
      }

      @Override public void onError(ChatbotException error) {
        if (warnings != null) warnings.accept(error);
      }
    }));
  }

  /**
   * Thread {@code workflowId} as a {@link StateFlow} in {@code scope} (e.g. a ViewModel's), observed while
   * collected and for {@link #DEFAULT_STOP_TIMEOUT_MILLIS} after. Its value is {@link #emptyThread(String)}
   * until the first state arrives.
   */
  public static StateFlow<ThreadState> threadState(ChatbotClient client, String workflowId, CoroutineScope scope) {
    return threadState(client, workflowId, scope, whileSubscribed());
  }

  /** Thread {@code workflowId} as a {@link StateFlow} in {@code scope}, observed as {@code started} says. */
  public static StateFlow<ThreadState> threadState(ChatbotClient client, String workflowId, CoroutineScope scope,
      SharingStarted started) {
    return FlowKt.stateIn(thread(client, workflowId), scope, started, emptyThread(workflowId));
  }

  /**
   * The thread list as a {@link StateFlow} in {@code scope}, observed while collected and for
   * {@link #DEFAULT_STOP_TIMEOUT_MILLIS} after. Its value is an empty list marked from cache until the first
   * state arrives.
   */
  public static StateFlow<ThreadListState> threadListState(ChatbotClient client, CoroutineScope scope) {
    return threadListState(client, scope, whileSubscribed());
  }

  /** The thread list as a {@link StateFlow} in {@code scope}, observed as {@code started} says. */
  public static StateFlow<ThreadListState> threadListState(ChatbotClient client, CoroutineScope scope,
      SharingStarted started) {
    return FlowKt.stateIn(threads(client), scope, started, new ThreadListState(Collections.emptyList(), true));
  }

  /**
   * The placeholder state of a thread nothing is known of yet: no workflow, no items, {@code IDLE}, marked
   * from cache. The {@link StateFlow}s start with it.
   */
  public static ThreadState emptyThread(String workflowId) {
    return ThreadState.builder().workflowId(workflowId).fromCache(true).build();
  }

  /** {@code SharingStarted.WhileSubscribed(DEFAULT_STOP_TIMEOUT_MILLIS)}. */
  public static SharingStarted whileSubscribed() {
    return SharingStarted.Companion.WhileSubscribed(DEFAULT_STOP_TIMEOUT_MILLIS, Long.MAX_VALUE);
  }

  private static ThreadObserver threadObserver(ObserverFlow.Sink<ThreadState> sink,
      Consumer<? super ChatbotException> warnings) {
    return new ThreadObserver() {
      @Override public void onChanged(ThreadState state) {
        sink.offer(state);
      }

      @Override public void onError(ChatbotException error) {
        if (error instanceof NotFoundException) {
          sink.fail(error);
        } else if (warnings != null) {
          warnings.accept(error);
        }
      }
    };
  }
}
