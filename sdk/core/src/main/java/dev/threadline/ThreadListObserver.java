package dev.threadline;

/**
 * Receives the states of the thread list. Called on the client's callback executor, one call at a time,
 * never on a network thread.
 */
public interface ThreadListObserver {
  /** The list changed; {@code state} is the whole new list. */
  void onChanged(ThreadListState state);

  /** Refreshing the list failed; the last state stays valid. The default does nothing. */
  default void onError(ChatbotException error) {}
}
