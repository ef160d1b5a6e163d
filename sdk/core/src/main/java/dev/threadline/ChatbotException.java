package dev.threadline;

import dev.threadline.internal.SdkExceptions;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The base of every error this SDK reports. Each subclass is one thing an app can act on; the HTTP status
 * and the server's {@code detail} are carried where there was a response, and {@link #retryAfter()} where
 * the server said when to try again. Messages never contain credentials.
 *
 * <p>Apps catch these exceptions; only the SDK creates them (and a {@link ThreadStore} its
 * {@link StoreException}s), so their constructors are not public.
 */
public class ChatbotException extends RuntimeException {
  private static final long serialVersionUID = 2L;

  static {
    SdkExceptions.install(new ExceptionMaker());
  }

  private final int statusCode;
  private final @Nullable String detail;
  private final @Nullable Duration retryAfter;

  ChatbotException(String message, int statusCode, @Nullable String detail, @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }

  /** The HTTP status of the response that failed, or 0 when there was none. */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The server's {@code detail}: its text, or for a validation failure (422) the messages of its list
   * joined by "; ". Null when the server gave none.
   */
  public @Nullable String detail() {
    return detail;
  }

  /**
   * How long the server asked the client to wait before trying again: its {@code Retry-After} header, given
   * in seconds or as an HTTP date, on a 429 ({@link RateLimitedException}) or a 503 ({@link ServerException}).
   * Null when the server did not say, or said something unreadable; never negative (a date already past is
   * {@link Duration#ZERO}).
   */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
