package dev.threadline;

import org.jspecify.annotations.Nullable;

/** The caller may not do this (403), e.g. delete another user's thread. */
public class ForbiddenException extends ChatbotException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code statusCode} is 0 when no HTTP response was involved. */
  public ForbiddenException(String message, int statusCode, @Nullable String detail, @Nullable Throwable cause) {
    super(message, statusCode, detail, cause);
  }
}
