package dev.threadline.internal;

import dev.threadline.SendCall;
import dev.threadline.Subscription;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The public face of one send: its futures and observers, completed by its thread's controller. */
final class SendCallImpl implements SendCall {
  private final ThreadEngine engine;
  final UserInput input;
  final CompletableFuture<String> workflowId = new CompletableFuture<>();
  final CompletableFuture<ThreadState> result = new CompletableFuture<>();
  final List<Delivery<ThreadState>> earlyObservers = new ArrayList<>();
  ThreadController controller;

  SendCallImpl(ThreadEngine engine, UserInput input) {
    this.engine = engine;
    this.input = input;
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

  @Override public Subscription observe(ThreadObserver observer) {
    Delivery<ThreadState>[] holder = ThreadEngine.newHolder();
    Delivery<ThreadState> delivery = new Delivery<>(engine.callbackExecutor, observer::onChanged, observer::onError,
        () -> engine.post(() -> {
          earlyObservers.remove(holder[0]);
          if (controller != null) {
            controller.observers.remove(holder[0]);
            controller.releaseIfUnused();
          }
        }), engine.observerThrew(() -> controller == null ? null : controller.workflowId));
    holder[0] = delivery;
    engine.post(() -> {
      if (delivery.isClosed()) return;
      if (controller == null) {
        earlyObservers.add(delivery);
      } else {
        controller.observers.add(delivery);
        if (controller.hasShownData) delivery.offer(controller.snapshot());
      }
    });
    return delivery;
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
