package dev.threadline.demo;

/** The command line was not understood; its message says what was wrong, in one line. */
public final class UsageException extends Exception {
  /** A usage error described by {@code message}. */
  public UsageException(String message) {
    super(message);
  }
}
