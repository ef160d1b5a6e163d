package dev.threadline.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;

/**
 * An OkHttpClient that is made on a thread of its own, so that nothing waits for it that does not need it.
 *
 * <p>Making the first OkHttpClient of a process loads OkHttp's and Kotlin's classes and, for TLS, the
 * platform's trust store: a few hundred milliseconds in a fresh process (benchmark 3), which a cached thread
 * on screen must not wait for, and which Android's main thread, where apps build their client, should not
 * spend. So a client starts making it when it is built, and a call asked for before it is ready starts as
 * soon as it is, without holding up the thread that asked.
 */
public final class PendingHttpClient {
  private final CompletableFuture<OkHttpClient> ready;

  private PendingHttpClient(CompletableFuture<OkHttpClient> ready) {
    this.ready = ready;
  }

  /** The client {@code make} makes, on a new daemon thread {@code threadName}. */
  static PendingHttpClient start(String threadName, Supplier<OkHttpClient> make) {
    CompletableFuture<OkHttpClient> ready = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        ready.complete(make.get());
      } catch (RuntimeException | Error e) {
        // Whoever uses the client hears of it: get() and whenReady rethrow it.
        ready.completeExceptionally(e);
      }
    }, threadName);
    thread.setDaemon(true);
    thread.start();
    return new PendingHttpClient(ready);
  }

  /** A client that is ready: the app's own. */
  public static PendingHttpClient of(OkHttpClient client) {
    return new PendingHttpClient(CompletableFuture.completedFuture(client));
  }

  /** The client {@code derive} makes from this one (a {@code newBuilder()} variant), once this one is made. */
  public PendingHttpClient derive(UnaryOperator<OkHttpClient> derive) {
    return new PendingHttpClient(ready.thenApply(derive));
  }

  /** The client, waiting for it if it is not made yet. For calls that block their caller anyway. */
  public OkHttpClient get() {
    return ready.join();
  }

  /**
   * Runs {@code action} with the client: at once on this thread if it is made, else on the thread that makes
   * it, when it is. If making it failed, {@code onFailure} gets the cause instead.
   */
  public void whenReady(Consumer<OkHttpClient> action, Consumer<Throwable> onFailure) {
    ready.whenComplete((client, error) -> {
      if (error == null) action.accept(client); else onFailure.accept(error);
    });
  }
}
