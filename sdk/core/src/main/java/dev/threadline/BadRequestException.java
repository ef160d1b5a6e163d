package dev.threadline;

import org.jspecify.annotations.Nullable;

/** The server rejected the request as malformed (400) or invalid (422); {@link #detail()} says why. */
public class BadRequestException extends ChatbotException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code statusCode} is 0 when no HTTP response was involved. */
  public BadRequestException(String message, int statusCode, @Nullable String detail, @Nullable Throwable cause) {
    super(message, statusCode, detail, cause);
  }
}
