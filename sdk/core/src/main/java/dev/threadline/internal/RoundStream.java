package dev.threadline.internal;

import dev.threadline.UserInput;
import java.util.Objects;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The stream a round follows, one at a time: the prompt's POST or a resumable stream, and what recovery
 * needs to know of it (whether it was a resumption, when it opened, the last event id, whether the server
 * offers resumption at all). Confined to the engine thread.
 */
final class RoundStream {
  private final ThreadEngine engine;
  private final ThreadController owner;
  private final Round round;
  private final SilenceCheck silence;
  private @Nullable StreamSession session;
  private boolean isResume;
  private boolean resumeUnsupported;
  private long openedAtMillis;
  private @Nullable String lastEventId;

  RoundStream(ThreadEngine engine, ThreadController owner, Round round) {
    this.engine = engine;
    this.owner = owner;
    this.round = round;
    this.silence = new SilenceCheck(engine, owner, round);
  }

  /** Posts {@code input} and reads the stream it answers with. */
  void post(UserInput input) {
    open(engine.api.startStream(input), false);
  }

  /** Reconnects to the resumable stream of {@code workflowId} after the last event seen (all when none was). */
  void resume(String workflowId) {
    // Only called where canResume(...) said yes, which it says only with a resumable stream configured.
    open(engine.api.resumeStream(Objects.requireNonNull(engine.resumable, "resumable"), workflowId, lastEventId),
        true);
  }

  /** Whether the stream of {@code workflowId} (null: not known yet) can be resumed. */
  boolean canResume(@Nullable String workflowId) {
    return engine.resumable != null && workflowId != null && !resumeUnsupported;
  }

  /** The server turned out to have no resumable stream: re-read from now on. */
  void resumeUnsupported() {
    resumeUnsupported = true;
  }

  boolean isResume() {
    return isResume;
  }

  boolean isCurrent(StreamSession candidate) {
    return session == candidate;
  }

  /** The stream opened at {@code nowMillis}: its silence is watched from now. */
  void opened(long nowMillis) {
    openedAtMillis = nowMillis;
    // Called for the current session's open event, so there is a session.
    silence.start(Objects.requireNonNull(session, "session"), nowMillis);
  }

  /** An item with {@code eventId} (or null) arrived at {@code nowMillis}. */
  void itemArrived(@Nullable String eventId, long nowMillis) {
    if (eventId != null && !eventId.isEmpty()) lastEventId = eventId;
    silence.itemArrived(nowMillis);
  }

  long openedAtMillis() {
    return openedAtMillis;
  }

  /** Cancels the open stream, if any, and its silence check. */
  void end() {
    if (session != null) session.cancel();
    session = null;
    silence.stop();
  }

  private void open(Request request, boolean resume) {
    // Never two streams of one workflow: the backend's readers share one event queue and would split the
    // round's events between them.
    end();
    StreamEvents handler = new StreamEvents(engine, owner, round);
    String sequenceField = engine.resumable == null ? null : engine.resumable.sequenceField();
    session = engine.streams.start(request, handler, sequenceField);
    isResume = resume;
    handler.session = session;
  }
}
