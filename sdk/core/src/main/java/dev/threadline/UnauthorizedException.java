package dev.threadline;

import org.jspecify.annotations.Nullable;

/** The server rejected the credentials (401), also after asking the provider once more for fresh ones. */
public class UnauthorizedException extends ChatbotException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code statusCode} is 0 when no HTTP response was involved. */
  public UnauthorizedException(String message, int statusCode, @Nullable String detail, @Nullable Throwable cause) {
    super(message, statusCode, detail, cause);
  }
}
