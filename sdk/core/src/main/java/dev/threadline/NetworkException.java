package dev.threadline;

import org.jspecify.annotations.Nullable;

/**
 * The request failed without a usable HTTP response: no connection, a reset, a time-out, a dropped stream.
 * {@link #statusCode()} is 0, except for a redirect the SDK does not follow on a send.
 */
public class NetworkException extends ChatbotException {
  private static final long serialVersionUID = 2L;

  NetworkException(String message, int statusCode, @Nullable Throwable cause) {
    super(message, statusCode, null, null, cause);
  }
}
