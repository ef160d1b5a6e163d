package dev.threadline;

import org.jspecify.annotations.Nullable;


/** The server rejected the request as malformed (400) or invalid (422); {@link #detail()} says why. */
public class BadRequestException extends ChatbotException {
  private static final long serialVersionUID = 2L;

  BadRequestException(String message, int statusCode, @Nullable String detail) {
    super(message, statusCode, detail, null, null);
  }
}
