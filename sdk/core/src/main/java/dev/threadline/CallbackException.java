package dev.threadline;

/**
 * Code that must not throw did: an observer, the {@link ChatbotEventListener}, or a task of the SDK's own
 * (which is a bug in the SDK or in a {@link ThreadStore}). {@link #getCause()} is what was thrown. The SDK
 * carried on without it: the thread's recovery and cache writes went ahead, and the code that threw is called
 * again for later events. Nothing to retry; log it.
 */
public class CallbackException extends ChatbotException {
  private static final long serialVersionUID = 2L;

  CallbackException(String where, Throwable thrown) {
    super(where + ": " + thrown, 0, null, null, thrown);
  }
}
