package dev.threadline.internal;

import java.util.Objects;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The OkHttpClient a client made for itself, shared with the variants built from its {@code newBuilder()}:
 * when the last of them closes, its idle connections are closed and its dispatcher's threads end, at once
 * rather than after OkHttp's keep-alive. Its dispatcher's threads are daemons (OkHttp's own are not), so
 * that a client the app forgets to close does not hold its JVM open for OkHttp's minute of keep-alive. An
 * app's own OkHttpClient is never one of these: it is the app's.
 */
public final class OwnedHttpClient {
  // The first client a process makes is the template of the others: newBuilder() shares its TLS setup, so
  // the platform's trust store is read once per process, not once per client. It makes no calls itself.
  private static volatile @Nullable OkHttpClient template;

  private final PendingHttpClient client = PendingHttpClient.onDemand("threadline-http-setup",
      () -> template().newBuilder()
          // A stream the engine starts on one of its threads is read there once its call is done (Trampoline).
          .dispatcher(new Dispatcher(Trampoline.takingOverAfterJobs(DaemonThreads.pool("threadline-http-", 60))))
          .connectionPool(new ConnectionPool())
          .build());
  private int users = 1;

  private OwnedHttpClient() {}

  private static OkHttpClient template() {
    OkHttpClient made = template;
    if (made != null) return made;
    synchronized (OwnedHttpClient.class) {
      if (template == null) template = new OkHttpClient();
      return Objects.requireNonNull(template);
    }
  }

  /**
   * The client a new ChatbotClient uses: {@code shared} once more (the one its builder came from), or a new
   * one; null when the app gave its own {@code appClient}.
   */
  public static @Nullable OwnedHttpClient acquire(@Nullable OwnedHttpClient shared,
      @Nullable OkHttpClient appClient) {
    if (shared != null && shared.tryUse()) return shared;
    if (appClient != null && shared == null) return null;
    // New, or every client that shared it is closed: start afresh.
    return new OwnedHttpClient();
  }

  /** The OkHttpClient itself, made in the background when first needed. */
  public PendingHttpClient client() {
    return client;
  }

  private synchronized boolean tryUse() {
    if (users == 0) return false;
    users++;
    return true;
  }

  /** One user is done with it; the last one releases its connections and threads. */
  public void release() {
    synchronized (this) {
      if (--users > 0) return;
    }
    // A client never made is not made to be released; one being made is released when it is.
    client.whenMade(http -> {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }, error -> { });
  }
}
