package dev.threadline.demo.view;

import dev.threadline.ChatbotException;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/** An error as a banner says it: the server's detail where it gave one, else the message. */
public final class ErrorText {
  private ErrorText() {}

  /** {@code error} (a future's {@link CompletionException} is looked through) in a few words. */
  public static String describe(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ChatbotException && ((ChatbotException) cause).detail() != null) {
      return ((ChatbotException) cause).detail();
    }
    return Objects.toString(cause.getMessage(), cause.getClass().getSimpleName());
  }
}
