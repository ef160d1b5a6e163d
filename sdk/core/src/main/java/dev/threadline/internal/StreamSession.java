package dev.threadline.internal;

import dev.threadline.ChatItem;
import dev.threadline.DeliveryUnknownException;
import dev.threadline.MalformedResponseException;
import dev.threadline.internal.wire.ItemCodec;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * One SSE response, read with the SDK's {@link SseReader}. Each {@code data:} payload is decoded here, on
 * the network thread, and handed to a {@link Handler}; nothing else happens on this thread.
 *
 * <p>Exactly one of {@link Handler#onClosed}, {@link Handler#onFailure} is called, once, unless the session
 * was {@linkplain #cancel() cancelled} first.
 */
public final class StreamSession {
  /** The data line that ends a sequence-cursor stream. */
  static final String DONE = "[DONE]";
  /** The media type of a stream: asked for by the SDK's stream requests, required of their answers. */
  static final String EVENT_STREAM = "text/event-stream";

  /** Receives a stream's events, on a network thread. */
  public interface Handler {
    /** The server accepted the request and the stream is open. */
    void onOpen();

    /** One decoded item; {@code eventId} is its SSE {@code id:} (or sequence id), or null. */
    void onItem(ChatItem item, @Nullable String eventId);

    /** A line that could not be used; the stream goes on. */
    void onWarning(MalformedResponseException warning);

    /** The server set the reconnection delay with an SSE {@code retry:} field. */
    void onRetry(long millis);

    /** {@code count} more bytes arrived. */
    void onBytes(long count);

    /**
     * The server ended the stream: with an explicit end event or {@code [DONE]} ({@code endMarker}), or
     * just by closing it (at the end of a round, or at its time limit while the workflow runs on).
     */
    void onClosed(boolean endMarker);

    /**
     * The stream failed: {@code error} is the {@link dev.threadline.ChatbotException} for an HTTP refusal
     * (non-2xx; its {@code statusCode()} says which), or the transport's exception. {@code opened} tells
     * whether the stream had been open (and so whether the request certainly reached the server).
     */
    void onFailure(Throwable error, boolean opened);
  }

  private final Call call;
  private final @Nullable String sequenceField;
  private final long maxEventBytes;
  private volatile boolean cancelled;

  private StreamSession(Call call, @Nullable String sequenceField, long maxEventBytes) {
    this.call = call;
    this.sequenceField = sequenceField;
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Starts reading the stream of {@code request} with {@code client}, in the background. Events are
   * identified by their SSE {@code id:}, or by their top-level JSON field {@code sequenceField} if that is
   * not null; one event may hold at most {@code maxEventBytes}.
   */
  public static StreamSession start(OkHttpClient client, Request request, Handler handler, CallTracker calls,
      @Nullable String sequenceField, long maxEventBytes) {
    StreamSession session = new StreamSession(client.newCall(request), sequenceField, maxEventBytes);
    calls.track(session.call);
    session.call.enqueue(new Callback() {
      @Override public void onFailure(Call call, IOException e) {
        calls.untrack(call);
        if (!session.cancelled) handler.onFailure(e, false);
      }

      @Override public void onResponse(Call call, Response response) {
        try (Response r = response) {
          session.read(r, handler);
        } catch (RuntimeException e) {
          // Nothing may escape onto OkHttp's thread: report it like a broken stream, so recovery runs.
          if (!session.cancelled) handler.onFailure(new IOException("stream reading failed: " + e, e), true);
        } finally {
          calls.untrack(call);
        }
      }
    });
    return session;
  }

  /** Ends the stream without calling the handler again. Never blocks. */
  public void cancel() {
    cancelled = true;
    call.cancel();
  }

  /**
   * Decodes one {@code data:} payload, its UTF-8 bytes, or throws {@link MalformedResponseException} saying
   * what is wrong with it.
   */
  public static ChatItem decode(ByteString data) {
    try {
      return ItemCodec.parse(data);
    } catch (IllegalArgumentException e) {
      throw SdkExceptions.get().malformed("malformed stream event skipped: " + e.getMessage() + " in "
          + abbreviate(data.utf8()), 0, e);
    }
  }

  /**
   * Whether a response of {@code contentType} (null: none given) is an event stream: its media type is
   * {@code text/event-stream}, in any case, with or without parameters (blanks allowed before them, as
   * HTTP allows; OkHttp's parser refuses those). Parameters are not read: an event stream is UTF-8 whatever
   * its charset says.
   */
  static boolean isEventStream(@Nullable String contentType) {
    // Compared in place: OkHttp's parse goes through regular expressions, on every stream's way to its first item.
    int end = EVENT_STREAM.length();
    if (contentType == null || !contentType.regionMatches(true, 0, EVENT_STREAM, 0, end)) return false;
    while (end < contentType.length() && (contentType.charAt(end) == ' ' || contentType.charAt(end) == '\t')) end++;
    return end == contentType.length() || contentType.charAt(end) == ';';
  }

  /** Whether {@code data} is the {@code [DONE]} line (blanks around it allowed), looking no further than needed. */
  private static boolean isDone(ByteString data) {
    // An item starts with '{': only a payload starting with '[' is decoded to be compared.
    for (int i = 0; i < data.size(); i++) {
      byte b = data.getByte(i);
      if (b == '[') return DONE.equals(data.utf8().trim());
      if ((b & 0xff) > ' ') return false;
    }
    return false;
  }

  private void read(Response response, Handler handler) {
    if (response.isRedirect()) {
      // The request arrived (a response proves it): what the server did with it is for recovery to find.
      if (!cancelled) {
        handler.onFailure(SdkExceptions.get().deliveryUnknown("HTTP " + response.code() + " redirect for "
            + BackendApi.describe(response.request()) + ", not followed: the request arrived", response.code(),
            null), false);
      }
      return;
    }
    if (!response.isSuccessful()) {
      if (!cancelled) handler.onFailure(HttpErrors.forResponse(response), false);
      return;
    }
    ResponseBody body = response.body();
    String type = response.header("Content-Type");
    if (!isEventStream(type)) {
      if (!cancelled) {
        handler.onFailure(SdkExceptions.get().malformed("the answer is not an event stream: " + type,
            response.code(), null), false);
      }
      return;
    }
    if (cancelled) return;
    handler.onOpen();
    Events events = new Events(handler);
    BufferedSource source = Okio.buffer(new ForwardingSource(body.source()) {
      @Override public long read(Buffer sink, long byteCount) throws IOException {
        long read = super.read(sink, byteCount);
        if (read > 0) handler.onBytes(read);
        return read;
      }
    });
    SseReader reader = new SseReader(source, maxEventBytes, events);
    try {
      while (!cancelled && !events.ended && reader.processNextEvent()) {
        // Each event is handed over by the callback.
      }
      if (!cancelled) handler.onClosed(events.ended);
    } catch (IOException | MalformedResponseException e) {
      if (!cancelled) handler.onFailure(e, true);
    } catch (RuntimeException e) {
      // A bug must not leave the stream silently dead: report it like a broken stream, so recovery runs.
      if (!cancelled) handler.onFailure(new IOException("stream reading failed: " + e, e), true);
    }
  }

  private static String abbreviate(String data) {
    return data.length() <= 120 ? data : data.substring(0, 120) + "…";
  }

  /** Turns parsed events into handler calls. */
  private final class Events implements SseReader.Callback {
    private final Handler handler;
    boolean ended;

    Events(Handler handler) {
      this.handler = handler;
    }

    @Override public void onEvent(@Nullable String id, @Nullable String type, ByteString data) {
      if (cancelled) return;
      // Resumable variants end a stream explicitly; the plain backend just closes it.
      if ("end".equals(type) || isDone(data)) {
        ended = true;
        return;
      }
      ChatItem item;
      try {
        item = decode(data);
      } catch (MalformedResponseException warning) {
        handler.onWarning(warning);
        return;
      }
      if (item.workflowId() != null && !WorkflowIds.isUsable(item.workflowId())) {
        // Such an id ("", "..") cannot be re-read or continued: the thread could never be followed.
        handler.onWarning(SdkExceptions.get().malformed("stream event naming the unusable workflow id \""
            + abbreviate(item.workflowId()) + "\" skipped", 0, null));
        return;
      }
      handler.onItem(item, sequenceField == null ? id : Json.topLevelField(data.utf8(), sequenceField));
    }

    @Override public void onRetry(long millis) {
      if (!cancelled) handler.onRetry(millis);
    }
  }
}
