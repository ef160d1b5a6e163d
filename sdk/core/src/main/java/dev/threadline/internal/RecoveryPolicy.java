package dev.threadline.internal;

import dev.threadline.ChatbotException;
import dev.threadline.DeliveryUnknownException;
import dev.threadline.MalformedResponseException;
import dev.threadline.NetworkException;
import dev.threadline.NotFoundException;
import dev.threadline.RateLimitedException;
import dev.threadline.ServerException;
import dev.threadline.StreamInterruptedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * What a round does after one of its requests failed: a pure function of the failure, the request it
 * happened to and what was already received, with the rules of DESIGN.md ("Sending and recovering"). How
 * long to wait, and when to give up, is the {@link Backoff}'s part.
 *
 * <p>The rules: a prompt is posted again only when it provably did not reach the server (no connection) or
 * was refused (429, 503); any other failure after it went out is "delivery unknown" and is recovered by
 * re-reading the thread, never by posting again. A resumable stream that broke is resumed; one the server
 * does not offer (a 4xx) is re-read instead. A thread the server does not have is forgotten.
 */
final class RecoveryPolicy {
  private RecoveryPolicy() {}

  /** The request that failed. */
  enum Request {
    /** The prompt's POST and the stream it opens. */
    POST,
    /** The reconnection to a resumable stream. */
    RESUME,
    /** A re-read of the thread, or the look-up of a new thread in the list. */
    REREAD
  }

  /** What to do next. */
  enum Next {
    /** The server never took the prompt: post it again after a delay. */
    POST_AGAIN_LATER,
    /** Reconnect to the resumable stream, after a delay. */
    RESUME_LATER,
    /** Delivery unknown, or the stream ended: re-read the thread (or find the new one) now. */
    REREAD_NOW,
    /** The server has no resumable stream for the thread: re-read it now, and from now on. */
    REREAD_INSTEAD_OF_RESUMING,
    /** The re-read failed in a way that may pass: read again after a delay. */
    REREAD_LATER,
    /** The thread does not exist on the server (deleted, perhaps elsewhere): forget it. */
    FORGET,
    /** Refused for good before it ran (bad input, credentials, permissions): the send fails. */
    FAIL_SEND,
    /** The re-read was refused for good: the round ends as failed. */
    FAIL_ROUND
  }

  /**
   * What to do after {@code failure} of {@code request}; {@code opened} tells whether a stream had opened
   * (so the request certainly arrived), {@code idKnown} whether the thread's workflow id is known, and
   * {@code canResume} whether a resumable stream may be tried.
   */
  static Next after(Request request, Failure failure, boolean opened, boolean idKnown, boolean canResume) {
    int status = failure.error.statusCode();
    boolean refusedForGood = !opened && status >= 400 && status < 500 && !failure.refused;
    switch (request) {
      case RESUME:
        return refusedForGood ? Next.REREAD_INSTEAD_OF_RESUMING : Next.RESUME_LATER;
      case REREAD:
        if (failure.error instanceof NotFoundException) return Next.FORGET;
        return isRetryable(failure.error) ? Next.REREAD_LATER : Next.FAIL_ROUND;
      default:
        if (!opened && failure.error instanceof NotFoundException && idKnown) return Next.FORGET;
        if (failure.refused) return Next.POST_AGAIN_LATER;
        if (refusedForGood) return Next.FAIL_SEND;
        return opened && canResume ? Next.RESUME_LATER : Next.REREAD_NOW;
    }
  }

  /** A failed request, classified once: the exception the app sees and whether the server refused it. */
  static final class Failure {
    final ChatbotException error;
    /** Whether the request provably did not reach the server, or the server refused it for now (429, 503). */
    final boolean refused;
    /** The server's advice on when to try again, or null. */
    final @Nullable Duration retryAfter;

    private Failure(ChatbotException error, boolean refused) {
      this.error = error;
      this.refused = refused;
      this.retryAfter = error.retryAfter();
    }

    /** A stream's failure: an HTTP refusal ({@link ChatbotException}) or the transport's exception. */
    static Failure ofStream(Throwable error, boolean opened) {
      ChatbotException failure = asChatbotException(error, opened);
      int status = failure.statusCode();
      return new Failure(failure, !opened && (status == 429 || status == 503
          || (status == 0 && provablyNotDelivered(error))));
    }

    /** A REST call's failure (already a {@link ChatbotException}, or wrapped as a network failure). */
    static Failure ofCall(Throwable error) {
      return new Failure(unwrap(error), false);
    }

    /**
     * The look-up of a new thread in the list failed with {@code error}, or (null) did not find it: then the
     * failure that made it necessary, {@code cause}, stands for it (or, when none, delivery unknown).
     */
    static Failure ofLookup(@Nullable Throwable error, @Nullable ChatbotException cause) {
      if (error != null) return ofCall(error);
      if (cause != null) return new Failure(cause, false);
      return new Failure(SdkExceptions.get().deliveryUnknown("the stream ended before the new thread's id was known",
          0, null), false);
    }
  }

  /** {@code error} as the exception an app sees: a {@link ChatbotException}, or a network failure. */
  static ChatbotException unwrap(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ChatbotException) return (ChatbotException) cause;
    return SdkExceptions.get().network(String.valueOf(cause.getMessage()), cause);
  }

  private static boolean provablyNotDelivered(Throwable error) {
    return error instanceof ConnectException || error instanceof UnknownHostException
        || error instanceof NoRouteToHostException || error instanceof SSLHandshakeException
        || (error instanceof SocketTimeoutException && String.valueOf(error.getMessage()).contains("connect"));
  }

  private static ChatbotException asChatbotException(Throwable error, boolean opened) {
    if (error instanceof ChatbotException) return (ChatbotException) error;
    String message = String.valueOf(error.getMessage());
    if (opened) return SdkExceptions.get().streamInterrupted("stream interrupted: " + message, error);
    if (provablyNotDelivered(error)) return SdkExceptions.get().network("could not connect: " + message, error);
    return SdkExceptions.get().deliveryUnknown("send failed after the request left: " + message, 0, error);
  }

  private static boolean isRetryable(ChatbotException failure) {
    return failure instanceof NetworkException || failure instanceof ServerException
        || failure instanceof RateLimitedException || failure instanceof MalformedResponseException;
  }

}
