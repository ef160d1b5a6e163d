package dev.threadline;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The server failed (5xx). A 503 (service unavailable) may say when to retry in {@link #retryAfter()}. */
public class ServerException extends ChatbotException {
  private static final long serialVersionUID = 2L;

  ServerException(String message, int statusCode, @Nullable String detail, @Nullable Duration retryAfter) {
    super(message, statusCode, detail, retryAfter, null);
  }
}
