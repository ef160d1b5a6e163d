package dev.threadline;

import org.jspecify.annotations.Nullable;

/** The server's rate limiter refused the request (429): 120 requests per minute per route. */
public class RateLimitedException extends ChatbotException {
  private static final long serialVersionUID = 1L;

  private final long retryAfterMillis;

  /** Creates the exception; {@code retryAfterMillis} is -1 when the server gave no {@code Retry-After}. */
  public RateLimitedException(String message, @Nullable String detail, long retryAfterMillis, @Nullable Throwable cause) {
    super(message, 429, detail, cause);
    this.retryAfterMillis = retryAfterMillis;
  }

  /** How long the server asked the client to wait ({@code Retry-After}) in milliseconds, or -1. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }
}
