package dev.threadline.internal;

import dev.threadline.ChatItem;
import dev.threadline.MalformedResponseException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Hands one stream's events to its thread's round, on the engine thread. Its session is set on the
 * engine thread right after the stream starts, before any task it posts can run there; events of a replaced
 * stream are ignored by the round.
 */
final class StreamEvents implements StreamSession.Handler {
  private final ThreadEngine engine;
  private final ThreadController owner;
  private final Round round;
  @Nullable StreamSession session;

  StreamEvents(ThreadEngine engine, ThreadController owner, Round round) {
    this.engine = engine;
    this.owner = owner;
    this.round = round;
  }

  @Override public void onOpen() {
    engine.post(owner, () -> round.onStreamOpen(session()));
  }

  @Override public void onItem(ChatItem item, @Nullable String eventId) {
    engine.post(owner, () -> round.onStreamItem(session(), item, eventId));
  }

  @Override public void onRetry(long millis) {
    engine.post(owner, () -> round.onStreamRetryField(session(), millis));
  }

  @Override public void onBytes(long count) {
    engine.counters.bytesReceived.addAndGet(count);
  }

  @Override public void onWarning(MalformedResponseException warning) {
    engine.post(owner, () -> {
      if (round.isCurrent(session())) owner.publishError(warning);
    });
  }

  @Override public void onClosed(boolean endMarker) {
    engine.post(owner, () -> round.onStreamClosed(session(), endMarker));
  }

  @Override public void onFailure(Throwable error, boolean opened) {
    engine.post(owner, () -> round.onStreamFailed(session(), error, opened));
  }

  /** The session these events are of: set before any of the tasks above runs (see the class comment). */
  private StreamSession session() {
    return Objects.requireNonNull(session, "session");
  }
}
