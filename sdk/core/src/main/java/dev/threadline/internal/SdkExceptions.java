package dev.threadline.internal;

import dev.threadline.BadRequestException;
import dev.threadline.CallbackException;
import dev.threadline.ChatbotException;
import dev.threadline.DeliveryUnknownException;
import dev.threadline.ForbiddenException;
import dev.threadline.GaveUpException;
import dev.threadline.MalformedResponseException;
import dev.threadline.NetworkException;
import dev.threadline.NotFoundException;
import dev.threadline.RateLimitedException;
import dev.threadline.ServerException;
import dev.threadline.StreamInterruptedException;
import dev.threadline.UnauthorizedException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the SDK creates the exceptions of {@code dev.threadline}. Apps only catch them, so their constructors
 * are package-private; that package hands this class its {@link Factory} when {@link ChatbotException} is
 * first initialized, and the SDK's other packages create them through {@link #get()}.
 */
public final class SdkExceptions {
  private static volatile @Nullable Factory factory;

  private SdkExceptions() {}

  /** The constructors of {@code dev.threadline}'s exceptions, one method each. */
  public interface Factory {
    /** A 400 or 422. */
    BadRequestException badRequest(String message, int statusCode, @Nullable String detail);

    /** A 401 that fresh credentials did not cure. */
    UnauthorizedException unauthorized(String message, int statusCode, @Nullable String detail);

    /** A 403. */
    ForbiddenException forbidden(String message, int statusCode, @Nullable String detail);

    /** A 404, or a thread the server no longer has. */
    NotFoundException notFound(String message, int statusCode, @Nullable String detail);

    /** A 429, with the server's {@code Retry-After} or null. */
    RateLimitedException rateLimited(String message, @Nullable String detail, @Nullable Duration retryAfter);

    /** A 5xx, with the server's {@code Retry-After} or null. */
    ServerException server(String message, int statusCode, @Nullable String detail, @Nullable Duration retryAfter);

    /** An HTTP status no subclass stands for. */
    ChatbotException otherStatus(String message, int statusCode, @Nullable String detail);

    /** A failure without a usable response. */
    NetworkException network(String message, @Nullable Throwable cause);

    /** A send that may have reached the server; {@code statusCode} is that of a redirect, or 0. */
    DeliveryUnknownException deliveryUnknown(String message, int statusCode, @Nullable Throwable cause);

    /** A stream that broke after it opened. */
    StreamInterruptedException streamInterrupted(String message, @Nullable Throwable cause);

    /** An answer that does not follow the protocol. */
    MalformedResponseException malformed(String message, int statusCode, @Nullable Throwable cause);

    /** Code that must not throw threw {@code thrown}, {@code where} saying whose it was. */
    CallbackException callback(String where, Throwable thrown);

    /** Recovery stopped after {@code attempts} tries. */
    GaveUpException gaveUp(ChatbotException lastCause, int attempts);
  }

  /** Called once, by {@code dev.threadline}; a second call is refused. */
  public static synchronized void install(Factory created) {
    if (factory != null) throw new IllegalStateException("the exception factory is installed already");
    factory = created;
  }

  /** The factory, installed by initializing {@link ChatbotException} if nothing has yet. */
  public static Factory get() {
    Factory installed = factory;
    if (installed != null) return installed;
    try {
      Class.forName(ChatbotException.class.getName(), true, ChatbotException.class.getClassLoader());
    } catch (ClassNotFoundException impossible) {
      throw new AssertionError(impossible);
    }
    // ChatbotException's static initializer has just installed it.
    return Objects.requireNonNull(factory, "exception factory");
  }
}
