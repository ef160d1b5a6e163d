package dev.threadline.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import okhttp3.Dispatcher;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * Opens a client's streams. Streams are long calls, so they run on a dispatcher of their own (threads
 * named {@code threadline-stream-…}) sized to the streams the SDK opens: they never take the per-host
 * budget of the short calls, the app's or the SDK's, and those never hold a stream back. A stream's
 * request never follows a redirect: any answer proves a POST arrived, so what follows is for recovery to
 * decide, never for a second POST. The app's call timeout does not apply to streams (they may run for the
 * server's whole stream limit); the liveness timeout does.
 */
public final class StreamConnector {
  /** The most streams one client reads at once; more wait in this connector's own queue. */
  public static final int MAX_STREAMS = 64;

  private final PendingHttpClient client;
  private final ExecutorService executor;
  private final CallTracker calls;
  private final long maxEventBytes;

  /**
   * @param http the client requests go through (credentials, the app's pool and interceptors)
   * @param livenessTimeout how long a stream may be silent
   * @param maxEventBytes the largest event a stream may carry
   */
  public StreamConnector(PendingHttpClient http, Duration livenessTimeout, long maxEventBytes, CallTracker calls) {
    // A stream a send opens is read by the thread that ran the send for the app (see Trampoline).
    this.executor = Trampoline.executor(DaemonThreads.pool("threadline-stream-", 10));
    // OkHttp's classes load when the client is made, not when this client is built.
    this.client = http.derive(base -> base.newBuilder()
        .dispatcher(dispatcher(executor))
        .readTimeout(livenessTimeout)
        .callTimeout(Duration.ZERO)
        .followRedirects(false)
        .followSslRedirects(false)
        .build());
    this.calls = calls;
    this.maxEventBytes = maxEventBytes;
  }

  private static Dispatcher dispatcher(ExecutorService executor) {
    Dispatcher dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(MAX_STREAMS);
    dispatcher.setMaxRequestsPerHost(MAX_STREAMS);
    return dispatcher;
  }

  /** Starts reading the stream of {@code request} (see {@link StreamSession#start}). */
  public StreamSession start(Request request, StreamSession.Handler handler, @Nullable String sequenceField) {
    // A stream asked for in a fresh process waits here for the HTTP client: made now, if nothing needed it before.
    return StreamSession.start(client.get(), request, handler, calls, sequenceField, maxEventBytes);
  }

  /** Lets the stream threads end once their (cancelled) streams have; later streams are refused. */
  public void close() {
    executor.shutdown();
  }
}
