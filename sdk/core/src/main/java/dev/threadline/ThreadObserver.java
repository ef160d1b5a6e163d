package dev.threadline;

/**
 * Receives the states of one thread. Called on the client's callback executor, one call at a time, never
 * on a network thread; a slow observer is given only the latest state.
 *
 * <p>An observer that throws does not disturb the SDK: the thread's recovery and cache writes go on, the
 * exception is passed to {@link #onError} as a {@link CallbackException} (unless {@code onError} itself
 * threw) and to {@link ChatbotEventListener#unexpectedError}, and the observer keeps receiving later states.
 */
public interface ThreadObserver {
  /** The thread changed; {@code state} is the whole new state. */
  void onChanged(ThreadState state);

  /**
   * Something went wrong. A {@link MalformedResponseException} is a warning (a bad event was skipped; the stream goes
   * on); other errors (e.g. {@link NotFoundException}, {@link StoreException}) say why the state stopped
   * updating or could not be saved. The default does nothing.
   */
  default void onError(ChatbotException error) {}
}
