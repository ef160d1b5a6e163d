package dev.threadline;

import org.jspecify.annotations.Nullable;

/** The cache could not be read or written (a full disk, a read-only or damaged file). The in-memory thread keeps working; what the cache already held is kept. */
public class StoreException extends ChatbotException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code statusCode} is 0 when no HTTP response was involved. */
  public StoreException(String message, int statusCode, @Nullable String detail, @Nullable Throwable cause) {
    super(message, statusCode, detail, cause);
  }

  /** Creates the exception for a cache failure caused by {@code cause} (may be null). */
  public StoreException(String message, @Nullable Throwable cause) {
    super(message, 0, null, cause);
  }
}
