package dev.threadline;

import org.jspecify.annotations.Nullable;


/** The server rejected the credentials (401), also after asking the provider once more for fresh ones. */
public class UnauthorizedException extends ChatbotException {
  private static final long serialVersionUID = 2L;

  UnauthorizedException(String message, int statusCode, @Nullable String detail) {
    super(message, statusCode, detail, null, null);
  }
}
