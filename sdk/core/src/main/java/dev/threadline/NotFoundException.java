package dev.threadline;

import org.jspecify.annotations.Nullable;


/** The thread does not exist (404), or no longer does. */
public class NotFoundException extends ChatbotException {
  private static final long serialVersionUID = 2L;

  NotFoundException(String message, int statusCode, @Nullable String detail) {
    super(message, statusCode, detail, null, null);
  }
}
