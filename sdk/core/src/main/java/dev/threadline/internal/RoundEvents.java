package dev.threadline.internal;

import dev.threadline.ChangeSource;
import dev.threadline.ChatbotEventListener;
import dev.threadline.RoundRef;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One thread's events for the app's {@link ChatbotEventListener} and the client's {@link Counters}: each
 * named by the thread's id and the send its round serves, and paired (a stream that opened, a re-read that
 * started, is ended once, by what ended it or by the round's cancellation). Confined to the engine thread.
 */
final class RoundEvents {
  private final ChatbotEventListener listener;
  private final Counters counters;
  private final Supplier<@Nullable String> workflowId;
  private long sendId;
  private boolean streamOpen;
  private boolean resyncing;

  /** @param workflowId the thread's id now (null while a new thread's is not known) */
  RoundEvents(ChatbotEventListener listener, Counters counters, Supplier<@Nullable String> workflowId) {
    this.listener = listener;
    this.counters = counters;
    this.workflowId = workflowId;
  }

  /** The thread and the send its round serves, as events name them. */
  RoundRef ref() {
    return RoundRef.of(workflowId.get(), sendId);
  }

  /** The round serves the send {@code id} (0: none, it only observes) from now on. */
  void serving(long id) {
    sendId = id;
  }

  void streamOpened() {
    streamOpen = true;
    counters.streamsOpened.incrementAndGet();
    listener.streamOpened(ref());
  }

  /** The stream ended, or failed before it opened: {@code cause} is null for a clean close by the server. */
  void streamEnded(@Nullable Throwable cause) {
    streamOpen = false;
    listener.streamEnded(ref(), cause);
  }

  void resyncStarted() {
    resyncing = true;
    counters.resyncs.incrementAndGet();
    listener.resyncStarted(ref());
  }

  void resyncFinished(int duplicates) {
    resyncing = false;
    listener.resyncFinished(ref(), duplicates);
  }

  void resyncFailed(Throwable cause) {
    resyncing = false;
    listener.resyncFailed(ref(), cause);
  }

  /** The client cancels the round's open stream and re-read, if any: each is ended as cancelled. */
  void cancelled() {
    if (streamOpen) streamEnded(new CancellationException("the stream was cancelled by the client"));
    if (resyncing) resyncFailed(new CancellationException("the re-read was cancelled by the client"));
  }

  void reconnectScheduled(int attempt, long delayMillis, Throwable cause) {
    counters.reconnects.incrementAndGet();
    listener.reconnectScheduled(ref(), attempt, Duration.ofMillis(delayMillis), cause);
  }

  void gaveUp(Throwable cause) {
    counters.gaveUp.incrementAndGet();
    listener.gaveUp(ref(), cause);
  }

  void delivered(ChangeSource source, int duplicates) {
    listener.delivered(ref(), source, duplicates);
  }

  void duplicatesAbsorbed(int count) {
    counters.duplicatesAbsorbed.addAndGet(count);
    listener.duplicatesAbsorbed(ref(), count);
  }
}
