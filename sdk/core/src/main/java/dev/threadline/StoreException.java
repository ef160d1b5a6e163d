package dev.threadline;

import org.jspecify.annotations.Nullable;

/**
 * The cache could not be read or written (a full disk, a read-only or damaged file). The in-memory thread
 * keeps working; what the cache already held is kept. A {@link ThreadStore} implementation throws it for
 * every failure of its storage.
 */
public class StoreException extends ChatbotException {
  private static final long serialVersionUID = 2L;

  /** Creates the exception for a cache failure described by {@code message}, caused by {@code cause} (may be null). */
  public StoreException(String message, @Nullable Throwable cause) {
    super(message, 0, null, null, cause);
  }
}
