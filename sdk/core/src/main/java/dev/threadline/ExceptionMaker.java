package dev.threadline;

import dev.threadline.internal.SdkExceptions;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Reaches this package's exception constructors for the SDK's other packages (see {@link SdkExceptions}). */
final class ExceptionMaker implements SdkExceptions.Factory {
  @Override public BadRequestException badRequest(String message, int statusCode, @Nullable String detail) {
    return new BadRequestException(message, statusCode, detail);
  }

  @Override public UnauthorizedException unauthorized(String message, int statusCode,
      @Nullable String detail) {
    return new UnauthorizedException(message, statusCode, detail);
  }

  @Override public ForbiddenException forbidden(String message, int statusCode, @Nullable String detail) {
    return new ForbiddenException(message, statusCode, detail);
  }

  @Override public NotFoundException notFound(String message, int statusCode, @Nullable String detail) {
    return new NotFoundException(message, statusCode, detail);
  }

  @Override public RateLimitedException rateLimited(String message, @Nullable String detail,
      @Nullable Duration retryAfter) {
    return new RateLimitedException(message, detail, retryAfter);
  }

  @Override public ServerException server(String message, int statusCode, @Nullable String detail,
      @Nullable Duration retryAfter) {
    return new ServerException(message, statusCode, detail, retryAfter);
  }

  @Override public ChatbotException otherStatus(String message, int statusCode, @Nullable String detail) {
    return new ChatbotException(message, statusCode, detail, null, null);
  }

  @Override public NetworkException network(String message, @Nullable Throwable cause) {
    return new NetworkException(message, 0, cause);
  }

  @Override public DeliveryUnknownException deliveryUnknown(String message, int statusCode,
      @Nullable Throwable cause) {
    return new DeliveryUnknownException(message, statusCode, cause);
  }

  @Override public StreamInterruptedException streamInterrupted(String message, @Nullable Throwable cause) {
    return new StreamInterruptedException(message, cause);
  }

  @Override public MalformedResponseException malformed(String message, int statusCode, @Nullable Throwable cause) {
    return new MalformedResponseException(message, statusCode, cause);
  }

  @Override public CallbackException callback(String where, Throwable thrown) {
    return new CallbackException(where, thrown);
  }

  @Override public GaveUpException gaveUp(ChatbotException lastCause, int attempts) {
    return new GaveUpException(lastCause, attempts);
  }
}
