package dev.threadline;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The server's rate limiter refused the request (429): 120 requests per minute per route.
 * {@link #retryAfter()} is how long it asked the client to wait, when it said.
 */
public class RateLimitedException extends ChatbotException {
  private static final long serialVersionUID = 2L;

  RateLimitedException(String message, @Nullable String detail, @Nullable Duration retryAfter) {
    super(message, 429, detail, retryAfter, null);
  }
}
