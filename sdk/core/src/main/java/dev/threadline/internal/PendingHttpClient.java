package dev.threadline.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;

/**
 * An OkHttpClient that is made on a thread of its own, when it is first needed, so that nothing waits for it
 * that does not need it.
 *
 * <p>Making the first OkHttpClient of a process loads OkHttp's and Kotlin's classes and, for TLS, the
 * platform's trust store: a few hundred milliseconds in a fresh process (benchmark 3), which a cached thread
 * on screen must not wait for, and which Android's main thread, where apps build their client, should not
 * spend. On a device of few cores it must not even run beside the cache's read: so it is started by the first
 * call that needs the client ({@link #get}, {@link #whenReady}) or by {@link #make}, and work that can wait
 * for it ({@link #whenMade}) does not start it. A call asked for before it is ready starts as soon as it is,
 * without holding up the thread that asked.
 */
public final class PendingHttpClient {
  private final CompletableFuture<OkHttpClient> ready;
  /** Whether the client this one is derived from is made or being made. */
  private final AtomicBoolean started;
  /** Makes the client this one is derived from, on a thread of its own; run once, by whoever sets started. */
  private final Runnable startMaking;

  private PendingHttpClient(CompletableFuture<OkHttpClient> ready, AtomicBoolean started, Runnable startMaking) {
    this.ready = ready;
    this.started = started;
    this.startMaking = startMaking;
  }

  /** The client {@code make} makes, on a new daemon thread {@code threadName}, when it is first needed. */
  static PendingHttpClient onDemand(String threadName, Supplier<OkHttpClient> make) {
    CompletableFuture<OkHttpClient> ready = new CompletableFuture<>();
    return new PendingHttpClient(ready, new AtomicBoolean(), () -> {
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
    });
  }

  /** A client that is ready: the app's own. */
  public static PendingHttpClient of(OkHttpClient client) {
    return new PendingHttpClient(CompletableFuture.completedFuture(client), new AtomicBoolean(true), () -> { });
  }

  /** The client {@code derive} makes from this one (a {@code newBuilder()} variant), once this one is made. */
  public PendingHttpClient derive(UnaryOperator<OkHttpClient> derive) {
    return new PendingHttpClient(ready.thenApply(derive), started, startMaking);
  }

  /** Starts making the client in the background, unless it is made or being made. */
  public void make() {
    if (started.compareAndSet(false, true)) startMaking.run();
  }

  /** Whether the client is made or being made. */
  public boolean isStarted() {
    return started.get();
  }

  /** The client, making it and waiting for it if it is not made yet. For calls that block their caller anyway. */
  public OkHttpClient get() {
    make();
    return ready.join();
  }

  /**
   * Runs {@code action} with the client: at once on this thread if it is made, else on the thread that makes
   * it (started now if it was not), when it is. If making it failed, {@code onFailure} gets the cause instead.
   */
  public void whenReady(Consumer<OkHttpClient> action, Consumer<Throwable> onFailure) {
    make();
    whenMade(action, onFailure);
  }

  /** As {@link #whenReady}, but does not start making the client: {@code action} waits until something does. */
  public void whenMade(Consumer<OkHttpClient> action, Consumer<Throwable> onFailure) {
    ready.whenComplete((client, error) -> {
      if (error == null) action.accept(client); else onFailure.accept(error);
    });
  }
}
