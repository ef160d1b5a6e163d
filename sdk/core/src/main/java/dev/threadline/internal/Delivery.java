package dev.threadline.internal;

import dev.threadline.CallbackException;
import dev.threadline.ChatbotException;
import dev.threadline.Subscription;
import dev.threadline.ThreadListState;
import dev.threadline.ThreadState;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Hands states to one observer on the app's executor, conflated: while a delivery is queued or running,
 * newer states replace older undelivered ones, so a slow observer always gets the latest state and never
 * a backlog. Closing stops delivery at once. Thread-safe.
 *
 * <p>An observer that throws is isolated: what it threw goes to its own {@code onError} (unless that is what
 * threw) and to {@code onThrown}, and it keeps receiving later states.
 *
 * <p>A {@link ThreadState} or {@link ThreadListState} is handed on carrying the changes from the state this
 * observer received before (whatever states conflation skipped in between), so the observer can apply
 * them to what it shows. Deliveries to one observer never overlap, even on a multi-threaded executor, so
 * they are applied in order.
 */
public final class Delivery<S> implements Subscription {
  private final Executor executor;
  private final Consumer<S> onState;
  private final Consumer<ChatbotException> onError;
  private final Consumer<Delivery<S>> onClose;
  private final Consumer<CallbackException> onThrown;
  private final AtomicReference<S> latest = new AtomicReference<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean closed;
  /** The state last handed to the observer; guarded by {@code this}. */
  private @Nullable S delivered;

  /**
   * @param onClose given this delivery once, when the subscription is closed (e.g. to detach it from the engine)
   * @param onThrown told, on the executor, of anything the observer threw
   */
  public Delivery(Executor executor, Consumer<S> onState, Consumer<ChatbotException> onError,
      Consumer<Delivery<S>> onClose,
      Consumer<CallbackException> onThrown) {
    this.executor = executor;
    this.onState = onState;
    this.onError = onError;
    this.onClose = onClose;
    this.onThrown = onThrown;
  }

  /** Offers the newest state; it replaces any state not yet delivered. */
  public void offer(S state) {
    if (closed) return;
    latest.set(state);
    if (scheduled.compareAndSet(false, true)) run(this::drain);
  }

  /** Delivers {@code error} on the executor, unless closed by then. */
  public void offerError(ChatbotException error) {
    if (closed) return;
    run(() -> {
      if (!closed) callOnError(error);
    });
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  @Override public void close() {
    if (closed) return;
    closed = true;
    latest.set(null);
    onClose.accept(this);
  }

  private synchronized void drain() {
    scheduled.set(false);
    S state = latest.getAndSet(null);
    if (state == null || closed) return;
    S previous = delivered;
    delivered = state;
    S stamped = withChangesSince(previous, state);
    Throwable thrown = Isolation.run(() -> onState.accept(stamped));
    if (thrown == null) return;
    CallbackException error = SdkExceptions.get().callback("an observer's onChanged threw", thrown);
    onThrown.accept(error);
    callOnError(error);
  }

  private void callOnError(ChatbotException error) {
    Throwable thrown = Isolation.run(() -> onError.accept(error));
    if (thrown != null) onThrown.accept(SdkExceptions.get().callback("an observer's onError threw", thrown));
  }

  @SuppressWarnings("unchecked")
  private static <S> S withChangesSince(@Nullable S previous, S state) {
    if (state instanceof ThreadState) return (S) ((ThreadState) state).withChangesSince((ThreadState) previous);
    if (state instanceof ThreadListState) {
      return (S) ((ThreadListState) state).withChangesSince((ThreadListState) previous);
    }
    return state;
  }

  private void run(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // The app shut its executor down: nobody is listening any more.
      closed = true;
    }
  }
}
