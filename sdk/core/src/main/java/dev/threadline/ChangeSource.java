package dev.threadline;

/** Where a change shown to a thread's observers came from ({@link ChatbotEventListener#delivered}). */
public enum ChangeSource {
  /** The local cache, read when the thread is first observed or continued. */
  CACHE,
  /** A stream's event (the stream's opening snapshot of a round included: the wire does not mark its end). */
  LIVE,
  /** A read of the whole thread: a re-read during recovery, a silent stream's check, or the app's own read. */
  REREAD,
  /** The pending echo of a prompt just sent. */
  LOCAL_ECHO
}
