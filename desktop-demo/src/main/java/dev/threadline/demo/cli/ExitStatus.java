package dev.threadline.demo.cli;

import dev.threadline.ChatbotException;
import dev.threadline.ForbiddenException;
import dev.threadline.NotFoundException;
import dev.threadline.StoreException;
import dev.threadline.UnauthorizedException;
import dev.threadline.demo.CleartextRefusedException;
import dev.threadline.demo.UsageException;

/** The command line's exit statuses, and which one a failure ends with. */
public final class ExitStatus {
  /** Success; for {@code send}, the workflow was followed to its end, whatever that end was. */
  public static final int OK = 0;
  /** Anything not covered below. */
  public static final int FAILED = 1;
  /** The command line was not understood, or asks for something it must say explicitly (cleartext). */
  public static final int USAGE = 2;
  /** Not authenticated (401) or not allowed (403). */
  public static final int NOT_AUTHORIZED = 3;
  /** The thread does not exist. */
  public static final int NOT_FOUND = 4;
  /** Recovery used up its time budget. */
  public static final int GAVE_UP = 5;

  private ExitStatus() {}

  /** The status {@code failure} ends the program with. */
  public static int of(Throwable failure) {
    if (failure instanceof UsageException || failure instanceof CleartextRefusedException) return USAGE;
    if (failure instanceof RecoveryGaveUpException) return GAVE_UP;
    if (failure instanceof UnauthorizedException || failure instanceof ForbiddenException) return NOT_AUTHORIZED;
    // The SDK classifies the backend's 500 "404: Workflow … not found" as a NotFoundException already.
    if (failure instanceof NotFoundException || failure instanceof NotCachedException) return NOT_FOUND;
    return FAILED;
  }

  /** The one line printed on stderr for {@code failure}. */
  public static String message(Throwable failure) {
    String text;
    if (failure instanceof UsageException) {
      text = failure.getMessage() + " (--help for usage)";
    } else if (failure instanceof NotCachedException) {
      text = "not found: " + failure.getMessage();
    } else if (failure instanceof ChatbotException && ((ChatbotException) failure).detail() != null) {
      ChatbotException error = (ChatbotException) failure;
      text = describe(error) + ": " + error.detail();
    } else if (failure instanceof ChatbotException) {
      text = describe((ChatbotException) failure) + ": " + failure.getMessage();
    } else {
      text = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }
    return "error: " + text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  private static String describe(ChatbotException error) {
    if (error instanceof UnauthorizedException) return "not authenticated (check --token or THREADLINE_TOKEN)";
    if (error instanceof ForbiddenException) return "forbidden";
    if (error instanceof NotFoundException) return "not found";
    // The local cache file, not the network: a full disk, an unwritable --cache folder, a damaged file.
    if (error instanceof StoreException) return "cache error";
    return error.statusCode() == 0 ? "request failed" : "server answered " + error.statusCode();
  }
}
