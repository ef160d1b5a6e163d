package dev.threadline;

/**
 * Receives the states of the thread list. Called on the client's callback executor, one call at a time,
 * never on a network thread.
 *
 * <p>An observer that throws does not disturb the SDK: the list keeps refreshing and writing the cache, the
 * exception is passed to {@link #onError} as a {@link CallbackException} (unless {@code onError} itself
 * threw) and to {@link ChatbotEventListener#unexpectedError}, and the observer keeps receiving later states.
 */
public interface ThreadListObserver {
  /** The list changed; {@code state} is the whole new list. */
  void onChanged(ThreadListState state);

  /** Refreshing the list failed; the last state stays valid. The default does nothing. */
  default void onError(ChatbotException error) {}
}
