package dev.threadline;

import org.jspecify.annotations.Nullable;

/** A stream ended abruptly (reset, time-out, or no bytes for longer than the liveness limit) before the server closed it. */
public class StreamInterruptedException extends NetworkException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code statusCode} is 0 when no HTTP response was involved. */
  public StreamInterruptedException(String message, int statusCode, @Nullable String detail, @Nullable Throwable cause) {
    super(message, statusCode, detail, cause);
  }
}
