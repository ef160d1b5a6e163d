package dev.threadline.internal;

import dev.threadline.CallbackException;
import dev.threadline.ChangeSource;
import dev.threadline.ChatbotEventListener;
import dev.threadline.RoundRef;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The app's {@link ChatbotEventListener}, isolated: a method that throws is reported to the thread's
 * observers and to {@link ChatbotEventListener#unexpectedError}, and the SDK carries on as if it had returned.
 */
final class GuardedListener extends ChatbotEventListener {
  private final ChatbotEventListener app;
  private final BiConsumer<@Nullable String, CallbackException> observers;

  /** @param observers tells the observers of a thread (by workflow id, null for a new thread) of an error */
  GuardedListener(ChatbotEventListener app, BiConsumer<@Nullable String, CallbackException> observers) {
    this.app = app;
    this.observers = observers;
  }

  private void call(RoundRef round, Runnable method) {
    Throwable thrown = Isolation.run(method);
    if (thrown == null) return;
    CallbackException error = SdkExceptions.get().callback("the event listener threw", thrown);
    observers.accept(round.workflowId(), error);
    unexpectedError(round, error);
  }

  @Override public void streamOpened(RoundRef round) {
    call(round, () -> app.streamOpened(round));
  }

  @Override public void streamEnded(RoundRef round, @Nullable Throwable cause) {
    call(round, () -> app.streamEnded(round, cause));
  }

  @Override public void reconnectScheduled(RoundRef round, int attempt, Duration delay, Throwable cause) {
    call(round, () -> app.reconnectScheduled(round, attempt, delay, cause));
  }

  @Override public void resyncStarted(RoundRef round) {
    call(round, () -> app.resyncStarted(round));
  }

  @Override public void resyncFinished(RoundRef round, int duplicates) {
    call(round, () -> app.resyncFinished(round, duplicates));
  }

  @Override public void resyncFailed(RoundRef round, Throwable cause) {
    call(round, () -> app.resyncFailed(round, cause));
  }

  @Override public void duplicatesAbsorbed(RoundRef round, int count) {
    call(round, () -> app.duplicatesAbsorbed(round, count));
  }

  @Override public void delivered(RoundRef round, ChangeSource source, int duplicates) {
    call(round, () -> app.delivered(round, source, duplicates));
  }

  @Override public void gaveUp(RoundRef round, Throwable cause) {
    call(round, () -> app.gaveUp(round, cause));
  }

  @Override public void networkChanged(boolean available) {
    call(RoundRef.NONE, () -> app.networkChanged(available));
  }

  @Override public void unexpectedError(RoundRef round, CallbackException error) {
    Throwable thrown = Isolation.run(() -> app.unexpectedError(round, error));
    // Reporting this method's own failure back to it could loop: only the observers hear of it.
    if (thrown == null) return;
    observers.accept(round.workflowId(), SdkExceptions.get().callback("the event listener's unexpectedError threw",
        thrown));
  }
}
