package dev.threadline;

/**
 * Recovery gave up: it spent its time budget ({@link BackoffPolicy#budget()}) without reaching the
 * server, and the send's round was left unfinished ({@link ConnectionState.Kind#GAVE_UP}). The prompt may
 * or may not have run: re-read the thread (observe it, or {@link ChatbotClient#getThread}) before sending
 * it again. {@link #getCause()} is the last failure; {@link #attempts()} how many tries were made.
 */
public class GaveUpException extends ChatbotException {
  private static final long serialVersionUID = 2L;

  private final int attempts;

  GaveUpException(ChatbotException lastCause, int attempts) {
    super("recovery gave up after " + attempts + (attempts == 1 ? " try" : " tries") + ": " + lastCause.getMessage(),
        lastCause.statusCode(), lastCause.detail(), lastCause.retryAfter(), lastCause);
    this.attempts = attempts;
  }

  /** The last failure before recovery gave up. Never null. */
  @SuppressWarnings("NullAway") // getCause() is the non-null lastCause the constructor passed on
  public ChatbotException lastCause() {
    return (ChatbotException) getCause();
  }

  /** How many tries recovery made, the first request included. */
  public int attempts() {
    return attempts;
  }
}
