package dev.threadline.internal;

import dev.threadline.CallbackException;
import dev.threadline.ChangeSource;
import dev.threadline.ChatbotEventListener;
import java.util.function.BiConsumer;

/**
 * The app's {@link ChatbotEventListener}, isolated: a method that throws is reported to the thread's
 * observers and to {@link ChatbotEventListener#unexpectedError}, and the SDK carries on as if it had returned.
 */
final class GuardedListener extends ChatbotEventListener {
  private final ChatbotEventListener app;
  private final BiConsumer<String, CallbackException> observers;

  /** @param observers tells the observers of a thread (by workflow id, null for a new thread) of an error */
  GuardedListener(ChatbotEventListener app, BiConsumer<String, CallbackException> observers) {
    this.app = app;
    this.observers = observers;
  }

  private void call(String workflowId, Runnable method) {
    Throwable thrown = Isolation.run(method);
    if (thrown == null) return;
    CallbackException error = new CallbackException("the event listener threw", thrown);
    observers.accept(workflowId, error);
    unexpectedError(workflowId, error);
  }

  @Override public void streamOpened(String workflowId) {
    call(workflowId, () -> app.streamOpened(workflowId));
  }

  @Override public void streamEnded(String workflowId, Throwable cause) {
    call(workflowId, () -> app.streamEnded(workflowId, cause));
  }

  @Override public void reconnectScheduled(String workflowId, int attempt, long delayMillis, Throwable cause) {
    call(workflowId, () -> app.reconnectScheduled(workflowId, attempt, delayMillis, cause));
  }

  @Override public void resyncStarted(String workflowId) {
    call(workflowId, () -> app.resyncStarted(workflowId));
  }

  @Override public void resyncFinished(String workflowId, int duplicates) {
    call(workflowId, () -> app.resyncFinished(workflowId, duplicates));
  }

  @Override public void resyncFailed(String workflowId, Throwable cause) {
    call(workflowId, () -> app.resyncFailed(workflowId, cause));
  }

  @Override public void duplicatesAbsorbed(String workflowId, int count) {
    call(workflowId, () -> app.duplicatesAbsorbed(workflowId, count));
  }

  @Override public void delivered(String workflowId, ChangeSource source, int duplicates) {
    call(workflowId, () -> app.delivered(workflowId, source, duplicates));
  }

  @Override public void gaveUp(String workflowId, Throwable cause) {
    call(workflowId, () -> app.gaveUp(workflowId, cause));
  }

  @Override public void networkChanged(boolean available) {
    call(null, () -> app.networkChanged(available));
  }

  @Override public void unexpectedError(String workflowId, CallbackException error) {
    Throwable thrown = Isolation.run(() -> app.unexpectedError(workflowId, error));
    // Reporting this method's own failure back to it could loop: only the observers hear of it.
    if (thrown == null) return;
    observers.accept(workflowId, new CallbackException("the event listener's unexpectedError threw", thrown));
  }
}
