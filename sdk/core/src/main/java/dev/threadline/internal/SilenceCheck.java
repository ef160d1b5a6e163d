package dev.threadline.internal;

import dev.threadline.ChatThread;
import dev.threadline.ChatbotException;
import dev.threadline.NotFoundException;
import org.jspecify.annotations.Nullable;

/**
 * Watches one open stream for silence. The backend's stream can outlive its round: its "complete" may go to
 * another reader of the workflow's shared queue, and a deleted thread's stream is not ended. Such a stream
 * sends only keepalives until the server's 300 s limit, so a stream that has carried no item for about one
 * keepalive interval is checked by a re-read, and the round closes it if the workflow has ended.
 * Confined to the engine thread.
 */
final class SilenceCheck {
  private final ThreadEngine engine;
  private final ThreadController owner;
  private final Round round;
  private @Nullable StreamSession session;
  private EngineClock.@Nullable Timer timer;
  private long lastItemAtMillis;

  SilenceCheck(ThreadEngine engine, ThreadController owner, Round round) {
    this.engine = engine;
    this.owner = owner;
    this.round = round;
  }

  /** Starts watching {@code session}, opened at {@code nowMillis}. */
  void start(StreamSession session, long nowMillis) {
    stop();
    this.session = session;
    lastItemAtMillis = nowMillis;
    arm(engine.silenceCheckMillis);
  }

  /** An item arrived: the stream is not silent. */
  void itemArrived(long nowMillis) {
    lastItemAtMillis = nowMillis;
  }

  /** Stops watching (the stream ended). */
  void stop() {
    session = null;
    if (timer != null) timer.cancel();
    timer = null;
  }

  private void arm(long delayMillis) {
    StreamSession watched = session;
    timer = engine.schedule("silence check", owner, () -> fire(watched), delayMillis);
  }

  private void fire(@Nullable StreamSession watched) {
    if (watched != session) return;
    timer = null;
    String workflowId = owner.workflowId();
    if (workflowId == null) {
      // Nothing to re-read yet: a new thread's id comes with its first item.
      arm(engine.silenceCheckMillis);
      return;
    }
    long silentFor = engine.clock.nowMillis() - lastItemAtMillis;
    if (silentFor < engine.silenceCheckMillis) {
      arm(engine.silenceCheckMillis - silentFor);
      return;
    }
    engine.whenDone(owner, engine.readThread(workflowId), (thread, error) -> checked(watched, thread, error));
  }

  private void checked(@Nullable StreamSession watched, ChatThread thread, @Nullable Throwable error) {
    if (watched != session || engine.closed) return;
    if (error != null) {
      ChatbotException failure = RecoveryPolicy.unwrap(error);
      if (failure instanceof NotFoundException) {
        // Deleted elsewhere while we streamed it: the stream would only ever send keepalives.
        round.forget(failure);
        return;
      }
      // The stream itself is still alive (its read timeout watches that): check again later.
      arm(engine.silenceCheckMillis);
      return;
    }
    if (owner.view.foreignRead(thread) != null) {
      arm(engine.silenceCheckMillis);
      return;
    }
    if (thread.workflow().status().isFinished()) {
      round.onSilentStreamFinished(thread);
      return;
    }
    owner.view.mergeWhileStreaming(thread);
    lastItemAtMillis = engine.clock.nowMillis();
    arm(engine.silenceCheckMillis);
  }
}
