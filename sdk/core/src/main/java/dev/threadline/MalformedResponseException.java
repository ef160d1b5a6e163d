package dev.threadline;

import org.jspecify.annotations.Nullable;

/**
 * The server sent something that does not follow the protocol: a malformed event, an item of an unusable
 * shape, a body that is not the expected JSON or is larger than the SDK reads. On a stream this is a
 * warning: the event is skipped and the stream goes on. (Named so as not to be mistaken for
 * {@code java.net.ProtocolException}, which is about HTTP itself.)
 */
public class MalformedResponseException extends ChatbotException {
  private static final long serialVersionUID = 2L;

  MalformedResponseException(String message, int statusCode, @Nullable Throwable cause) {
    super(message, statusCode, null, null, cause);
  }
}
