package dev.threadline.internal;

import dev.threadline.ChatItem;
import dev.threadline.ProtocolException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * One SSE response of {@code POST /start/stream}, read by okhttp-sse. Each {@code data:} line is decoded
 * here, on the network thread, and handed to a {@link Handler}; nothing else happens on this thread.
 *
 * <p>Exactly one of {@link Handler#onClosed}, {@link Handler#onFailure} is called, once, unless the session
 * was {@linkplain #cancel() cancelled} first.
 */
public final class StreamSession {
  /** Receives a stream's events, on a network thread. */
  public interface Handler {
    /** The server accepted the request and the stream is open. */
    void onOpen();

    /** One decoded item. */
    void onItem(ChatItem item);

    /** A line that could not be used; the stream goes on. */
    void onWarning(ProtocolException warning);

    /** The server ended the stream cleanly. */
    void onClosed();

    /**
     * The stream failed: {@code error} is the {@link dev.threadline.ChatbotException} for an HTTP refusal
     * (non-2xx; its {@code statusCode()} says which), or the transport's exception. {@code opened} tells
     * whether the stream had been open (and so whether the request certainly reached the server).
     */
    void onFailure(Throwable error, boolean opened);
  }

  private final EventSource source;
  private final AtomicBoolean finished = new AtomicBoolean();

  private StreamSession(OkHttpClient client, Request request, Handler handler) {
    this.source = EventSources.createFactory(client).newEventSource(request, new Listener(handler));
  }

  /** Starts reading the stream of {@code request} with {@code client}, in the background. */
  public static StreamSession start(OkHttpClient client, Request request, Handler handler) {
    return new StreamSession(client, request, handler);
  }

  /** Ends the stream without calling the handler again. Never blocks. */
  public void cancel() {
    finished.set(true);
    source.cancel();
  }

  /** Decodes one {@code data:} payload, or throws {@link ProtocolException} saying what is wrong with it. */
  public static ChatItem decode(String data) {
    try {
      return ChatItem.fromJson(data);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("malformed stream event skipped: " + e.getMessage() + " in "
          + abbreviate(data), 0, null, e);
    }
  }

  private static String abbreviate(String data) {
    return data.length() <= 120 ? data : data.substring(0, 120) + "…";
  }

  private final class Listener extends EventSourceListener {
    private final Handler handler;
    private volatile boolean opened;

    Listener(Handler handler) {
      this.handler = handler;
    }

    @Override public void onOpen(EventSource eventSource, Response response) {
      opened = true;
      if (!finished.get()) handler.onOpen();
    }

    @Override public void onEvent(EventSource eventSource, String id, String type, String data) {
      if (finished.get()) return;
      ChatItem item;
      try {
        item = decode(data);
      } catch (ProtocolException warning) {
        handler.onWarning(warning);
        return;
      }
      handler.onItem(item);
    }

    @Override public void onClosed(EventSource eventSource) {
      if (finished.compareAndSet(false, true)) handler.onClosed();
    }

    @Override public void onFailure(EventSource eventSource, Throwable error, Response response) {
      if (!finished.compareAndSet(false, true)) return;
      if (response != null && !response.isSuccessful()) {
        // okhttp-sse closes the response when this returns: read the server's detail now.
        error = HttpErrors.forResponse(response);
      } else if (error == null) {
        error = new ProtocolException("the answer is not an event stream: "
            + (response == null ? "no response" : response.header("Content-Type")), 0, null, null);
      }
      handler.onFailure(error, opened);
    }
  }
}
