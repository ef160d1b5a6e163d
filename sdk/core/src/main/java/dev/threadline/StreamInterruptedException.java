package dev.threadline;

import org.jspecify.annotations.Nullable;

/**
 * A stream ended abruptly (reset, time-out, or no bytes for longer than the liveness limit) before the
 * server closed it.
 */
public class StreamInterruptedException extends NetworkException {
  private static final long serialVersionUID = 2L;

  StreamInterruptedException(String message, @Nullable Throwable cause) {
    super(message, 0, cause);
  }
}
