package dev.threadline.internal;

import dev.threadline.CallbackException;
import dev.threadline.ChatbotException;
import dev.threadline.Subscription;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands states to one observer on the app's executor, conflated: while a delivery is queued or running,
 * newer states replace older undelivered ones, so a slow observer always gets the latest state and never
 * a backlog. Closing stops delivery at once. Thread-safe.
 *
 * <p>An observer that throws is isolated: what it threw goes to its own {@code onError} (unless that is what
 * threw) and to {@code onThrown}, and it keeps receiving later states.
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

  private void drain() {
    scheduled.set(false);
    S state = latest.getAndSet(null);
    if (state == null || closed) return;
    Throwable thrown = Isolation.run(() -> onState.accept(state));
    if (thrown == null) return;
    CallbackException error = new CallbackException("an observer's onChanged threw", thrown);
    onThrown.accept(error);
    callOnError(error);
  }

  private void callOnError(ChatbotException error) {
    Throwable thrown = Isolation.run(() -> onError.accept(error));
    if (thrown != null) onThrown.accept(new CallbackException("an observer's onError threw", thrown));
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
