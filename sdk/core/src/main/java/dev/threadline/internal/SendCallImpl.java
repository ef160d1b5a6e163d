package dev.threadline.internal;

import dev.threadline.RoundRef;
import dev.threadline.SendCall;
import dev.threadline.Subscription;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** The public face of one send: its futures and observers, completed by its thread's controller. */
final class SendCallImpl implements SendCall {
  private final ThreadEngine engine;
  final UserInput input;
  private final long id;
  private final CompletableFuture<String> workflowId = new CompletableFuture<>();
  private final CompletableFuture<ThreadState> result = new CompletableFuture<>();
  /** Observers of the send from before its round started (engine thread only). */
  private final List<Delivery<ThreadState>> earlyObservers = new ArrayList<>();
  private @Nullable ThreadController controller;

  SendCallImpl(ThreadEngine engine, UserInput input, long id) {
    this.engine = engine;
    this.input = input;
    this.id = id;
  }

  @Override public long id() {
    return id;
  }

  @Override public UserInput input() {
    return input;
  }

  @Override public CompletableFuture<String> workflowId() {
    return workflowId.thenApplyAsync(id -> id, engine.callbackExecutor);
  }

  @Override public CompletableFuture<ThreadState> result() {
    return result.thenApplyAsync(state -> state, engine.callbackExecutor);
  }

  @Override public CompletableFuture<Boolean> cancel() {
    return engine.cancelQueued(this);
  }

  @Override public Subscription observe(ThreadObserver observer) {
    Delivery<ThreadState> delivery = new Delivery<>(engine.callbackExecutor, observer::onChanged, observer::onError,
        closed -> engine.post(() -> {
          earlyObservers.remove(closed);
          if (controller != null) controller.detach(closed);
        }), engine.observerThrew(() -> RoundRef.of(controller == null ? null : controller.workflowId(), id)));
    engine.post(() -> {
      if (delivery.isClosed()) return;
      if (controller == null) {
        earlyObservers.add(delivery);
      } else {
        controller.attach(delivery);
      }
    });
    return delivery;
  }

  /** The thread this send belongs to (engine thread); only asked once its round was set up. */
  ThreadController controller() {
    return Objects.requireNonNull(controller, "the send's round is not set up yet");
  }

  /** Runs {@code then} on the thread that ends this send (the engine's), when it finishes or fails. */
  void whenEnded(Runnable then) {
    result.whenComplete((state, error) -> then.run());
  }

  /** The round of this send is {@code c}'s (engine thread): the observers so far follow it. */
  void attachTo(ThreadController c) {
    controller = c;
    for (Delivery<ThreadState> early : earlyObservers) c.attach(early);
    earlyObservers.clear();
  }

  /** The server named this send's thread {@code id}. */
  void named(String id) {
    workflowId.complete(id);
  }

  void finish(ThreadState state) {
    workflowId.completeExceptionally(new IllegalStateException("thread has no id"));
    result.complete(state);
  }

  void fail(Throwable error) {
    workflowId.completeExceptionally(error);
    result.completeExceptionally(error);
  }
}
