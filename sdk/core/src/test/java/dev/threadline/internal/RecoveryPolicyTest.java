package dev.threadline.internal;

import static dev.threadline.internal.RecoveryPolicy.Next.FAIL_ROUND;
import static dev.threadline.internal.RecoveryPolicy.Next.FAIL_SEND;
import static dev.threadline.internal.RecoveryPolicy.Next.FORGET;
import static dev.threadline.internal.RecoveryPolicy.Next.POST_AGAIN_LATER;
import static dev.threadline.internal.RecoveryPolicy.Next.REREAD_INSTEAD_OF_RESUMING;
import static dev.threadline.internal.RecoveryPolicy.Next.REREAD_LATER;
import static dev.threadline.internal.RecoveryPolicy.Next.REREAD_NOW;
import static dev.threadline.internal.RecoveryPolicy.Next.RESUME_LATER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.threadline.BadRequestException;
import dev.threadline.DeliveryUnknownException;
import dev.threadline.ForbiddenException;
import dev.threadline.NetworkException;
import dev.threadline.NotFoundException;
import dev.threadline.RateLimitedException;
import dev.threadline.ServerException;
import dev.threadline.StreamInterruptedException;
import dev.threadline.UnauthorizedException;
import dev.threadline.internal.RecoveryPolicy.Failure;
import dev.threadline.internal.RecoveryPolicy.Request;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The recovery decisions, one rule of DESIGN.md's "Sending and recovering" per assertion. */
class RecoveryPolicyTest {
  private static final ServerException UNAVAILABLE = SdkExceptions.get().server("503", 503, null,
      Duration.ofSeconds(3));
  private static final RateLimitedException RATE_LIMITED = SdkExceptions.get().rateLimited("429", null, Duration.ofSeconds(5));
  private static final ServerException INTERNAL = SdkExceptions.get().server("500", 500, null, null);
  private static final NotFoundException NOT_FOUND = SdkExceptions.get().notFound("404", 404, null);

  private static RecoveryPolicy.Next post(Throwable error, boolean opened) {
    return RecoveryPolicy.after(Request.POST, Failure.ofStream(error, opened), opened, true, false);
  }

  @Test void aPromptIsPostedAgainOnlyWhenItProvablyDidNotArriveOrWasRefused() {
    assertEquals(POST_AGAIN_LATER, post(new ConnectException("refused"), false));
    assertEquals(POST_AGAIN_LATER, post(new UnknownHostException("no such host"), false));
    assertEquals(POST_AGAIN_LATER, post(new SocketTimeoutException("connect timed out"), false));
    assertEquals(POST_AGAIN_LATER, post(UNAVAILABLE, false));
    assertEquals(POST_AGAIN_LATER, post(RATE_LIMITED, false));
  }

  @Test void theServersRetryAfterIsKept() {
    assertEquals(Duration.ofSeconds(3), Failure.ofStream(UNAVAILABLE, false).retryAfter);
    assertEquals(Duration.ofSeconds(5), Failure.ofStream(RATE_LIMITED, false).retryAfter);
    assertNull(Failure.ofStream(new ConnectException("refused"), false).retryAfter);
  }

  @Test void anyOtherFailureAfterThePromptLeftIsDeliveryUnknownAndReRead() {
    assertEquals(REREAD_NOW, post(INTERNAL, false));
    assertEquals(REREAD_NOW, post(new SocketTimeoutException("timeout"), false));
    assertEquals(REREAD_NOW, post(new IOException("unexpected end of stream"), false));
    assertEquals(REREAD_NOW, post(new IOException("connection reset"), true));
    assertEquals(DeliveryUnknownException.class, Failure.ofStream(new IOException("reset"), false).error.getClass());
    assertEquals(StreamInterruptedException.class, Failure.ofStream(new IOException("reset"), true).error.getClass());
    assertEquals(NetworkException.class, Failure.ofStream(new ConnectException("refused"), false).error.getClass());
  }

  @Test void aBrokenStreamIsResumedWhereTheServerOffersIt() {
    assertEquals(RESUME_LATER, RecoveryPolicy.after(Request.POST, Failure.ofStream(new IOException("reset"), true),
        true, true, true));
  }

  @Test void aPromptRefusedForGoodFailsTheSend() {
    assertEquals(FAIL_SEND, post(SdkExceptions.get().badRequest("400", 400, null), false));
    assertEquals(FAIL_SEND, post(SdkExceptions.get().badRequest("422", 422, null), false));
    assertEquals(FAIL_SEND, post(SdkExceptions.get().unauthorized("401", 401, null), false));
    assertEquals(FAIL_SEND, post(SdkExceptions.get().forbidden("403", 403, null), false));
  }

  @Test void continuingAThreadTheServerDoesNotHaveForgetsIt() {
    assertEquals(FORGET, post(NOT_FOUND, false));
    // A new thread has nothing to forget: the 404 refused the send.
    assertEquals(FAIL_SEND, RecoveryPolicy.after(Request.POST, Failure.ofStream(NOT_FOUND, false), false, false, false));
  }

  @Test void aResumableStreamTheServerDoesNotOfferIsReReadInstead() {
    assertEquals(REREAD_INSTEAD_OF_RESUMING,
        RecoveryPolicy.after(Request.RESUME, Failure.ofStream(NOT_FOUND, false), false, true, true));
    assertEquals(RESUME_LATER, RecoveryPolicy.after(Request.RESUME, Failure.ofStream(UNAVAILABLE, false), false, true, true));
    assertEquals(RESUME_LATER, RecoveryPolicy.after(Request.RESUME, Failure.ofStream(new IOException("reset"), true),
        true, true, true));
  }

  @Test void aFailedReReadIsRetriedUnlessRefusedForGood() {
    assertEquals(REREAD_LATER, reread(UNAVAILABLE));
    assertEquals(REREAD_LATER, reread(RATE_LIMITED));
    assertEquals(REREAD_LATER, reread(SdkExceptions.get().network("reset", null)));
    assertEquals(FAIL_ROUND, reread(SdkExceptions.get().unauthorized("401", 401, null)));
    assertEquals(FORGET, reread(NOT_FOUND));
  }

  private static RecoveryPolicy.Next reread(Throwable error) {
    return RecoveryPolicy.after(Request.REREAD, Failure.ofCall(error), false, true, false);
  }
}
