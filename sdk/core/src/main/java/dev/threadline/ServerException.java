package dev.threadline;

import org.jspecify.annotations.Nullable;

/** The server failed (5xx). A 503 (service unavailable) may say when to retry in {@link #retryAfterMillis()}. */
public class ServerException extends ChatbotException {
  private static final long serialVersionUID = 1L;

  private final long retryAfterMillis;

  /** Creates the exception; {@code retryAfterMillis} is -1 when the server gave no {@code Retry-After}. */
  public ServerException(String message, int statusCode, @Nullable String detail, long retryAfterMillis,
      @Nullable Throwable cause) {
    super(message, statusCode, detail, cause);
    this.retryAfterMillis = retryAfterMillis;
  }

  /** How long the server asked the client to wait ({@code Retry-After}) in milliseconds, or -1. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }
}
