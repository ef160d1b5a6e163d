package dev.threadline;

import org.jspecify.annotations.Nullable;

/** The thread does not exist (404), or no longer does. */
public class NotFoundException extends ChatbotException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code statusCode} is 0 when no HTTP response was involved. */
  public NotFoundException(String message, int statusCode, @Nullable String detail, @Nullable Throwable cause) {
    super(message, statusCode, detail, cause);
  }
}
