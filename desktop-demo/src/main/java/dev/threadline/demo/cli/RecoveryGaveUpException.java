package dev.threadline.demo.cli;

/** A send's recovery used up its time budget before the workflow's end could be seen. */
final class RecoveryGaveUpException extends RuntimeException {
  RecoveryGaveUpException(Throwable cause) {
    super("the network gave up: recovery ran out of time"
        + (cause == null ? "" : " (last error: " + cause.getMessage() + ")"), cause);
  }
}
