package dev.threadline;

import org.jspecify.annotations.Nullable;

/** The server sent something that does not follow the protocol: a malformed event, an item of an unusable shape, a body that is not the expected JSON. On a stream this is a warning: the event is skipped and the stream goes on. */
public class ProtocolException extends ChatbotException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code statusCode} is 0 when no HTTP response was involved. */
  public ProtocolException(String message, int statusCode, @Nullable String detail, @Nullable Throwable cause) {
    super(message, statusCode, detail, cause);
  }
}
