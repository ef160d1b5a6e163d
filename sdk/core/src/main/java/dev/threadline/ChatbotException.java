package dev.threadline;

import org.jspecify.annotations.Nullable;

/**
 * The base of every error this SDK reports. Each subclass is one thing an app can act on; the HTTP status
 * and the server's {@code detail} are carried where there was a response. Messages never contain
 * credentials.
 */
public class ChatbotException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final @Nullable String detail;

  /** Creates the exception; {@code statusCode} is 0 when no HTTP response was involved. */
  public ChatbotException(String message, int statusCode, @Nullable String detail, @Nullable Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.detail = detail;
  }

  /** The HTTP status of the response that failed, or 0 when there was none. */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The server's {@code detail}: its text, or for a validation failure (422) the messages of its list
   * joined by "; ". Null when the server gave none.
   */
  public @Nullable String detail() {
    return detail;
  }
}
