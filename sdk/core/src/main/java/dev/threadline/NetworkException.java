package dev.threadline;

import org.jspecify.annotations.Nullable;

/** The request failed without an HTTP response: no connection, a reset, a time-out, a dropped stream. */
public class NetworkException extends ChatbotException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code statusCode} is 0 when no HTTP response was involved. */
  public NetworkException(String message, int statusCode, @Nullable String detail, @Nullable Throwable cause) {
    super(message, statusCode, detail, cause);
  }
}
