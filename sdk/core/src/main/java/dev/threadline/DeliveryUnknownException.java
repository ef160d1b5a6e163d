package dev.threadline;

import org.jspecify.annotations.Nullable;

/**
 * A send failed after the request may have reached the server, so whether the prompt was accepted is unknown.
 * The SDK never sends it again by itself (that could run the prompt twice); it recovers by re-reading the
 * thread.
 */
public class DeliveryUnknownException extends NetworkException {
  private static final long serialVersionUID = 2L;

  DeliveryUnknownException(String message, int statusCode, @Nullable Throwable cause) {
    super(message, statusCode, cause);
  }
}
