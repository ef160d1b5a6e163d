package dev.threadline;

import org.jspecify.annotations.Nullable;


/** The caller may not do this (403), e.g. delete another user's thread. */
public class ForbiddenException extends ChatbotException {
  private static final long serialVersionUID = 2L;

  ForbiddenException(String message, int statusCode, @Nullable String detail) {
    super(message, statusCode, detail, null, null);
  }
}
