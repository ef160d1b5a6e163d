package dev.threadline;

import dev.threadline.internal.AllThreads;
import dev.threadline.internal.BackendApi;
import dev.threadline.internal.BaseUrl;
import dev.threadline.internal.CallTracker;
import dev.threadline.internal.Counters;
import dev.threadline.internal.CredentialsInterceptor;
import dev.threadline.internal.EngineClock;
import dev.threadline.internal.LoopbackHosts;
import dev.threadline.internal.OwnedHttpClient;
import dev.threadline.internal.PendingHttpClient;
import dev.threadline.internal.RetryAfterGuard;
import dev.threadline.internal.StoreWriter;
import dev.threadline.internal.StreamConnector;
import dev.threadline.internal.ThreadEngine;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's front door: one client per account and backend, built once and shared. From it an app lists
 * threads, reads, stops and deletes them, sends prompts, and observes threads and the thread list.
 *
 * <pre>{@code
 * ChatbotClient client = ChatbotClient.builder()
 *     .baseUrl("https://chat.example.com")
 *     .credentials(CredentialsProvider.bearer(() -> session.token()))
 *     .callbackExecutor(mainThreadExecutor)
 *     .build();
 * SendCall call = client.send(UserInput.of("What is our refund policy?"));
 * Subscription subscription = call.observe(state -> render(state.items()));
 * }</pre>
 *
 * <p>Every REST call has a blocking form, for background threads, and an {@code …Async} form returning a
 * {@link CompletableFuture} that completes on the callback executor. Blocking forms throw the
 * {@link ChatbotException} subclasses; futures fail with them. Observers and futures are called on the
 * callback executor, never on a network thread.
 *
 * <p>A client is immutable and thread-safe. {@link #close()} ends its streams, calls and timers without
 * blocking; {@link #newBuilder()} makes a variant that shares the HTTP client.
 */
public final class ChatbotClient implements AutoCloseable {
  private final Builder config;
  private final BaseUrl baseUrl;
  private final PendingHttpClient httpClient;
  private final Executor callbackExecutor;
  private final @Nullable ExecutorService ownedCallbackExecutor;
  private final CallTracker calls = new CallTracker();
  private final Counters counters = new Counters();
  private final BackendApi api;
  private final ThreadEngine engine;
  private final ThreadStore store;
  private final StreamConnector streams;
  private final @Nullable OwnedHttpClient ownedHttp;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ChatbotClient(Builder builder, BaseUrl baseUrl) {
    this.config = builder.copy();
    this.baseUrl = baseUrl;
    this.store = builder.store != null ? builder.store : new InMemoryThreadStore();
    if (builder.callbackExecutor != null) {
      this.callbackExecutor = builder.callbackExecutor;
      this.ownedCallbackExecutor = null;
    } else {
      ExecutorService owned = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "threadline-callbacks");
        thread.setDaemon(true);
        return thread;
      });
      this.ownedCallbackExecutor = owned;
      this.callbackExecutor = command -> {
        try {
          owned.execute(command);
        } catch (RejectedExecutionException closedAlready) {
          // A future asked for after close() still completes: on the thread that asks, the client's own gone.
          command.run();
        }
      };
    }
    // A client that made its own OkHttpClient releases it on close; variants made with newBuilder() share it.
    this.ownedHttp = OwnedHttpClient.acquire(builder.ownedHttp, builder.okHttpClient);
    // acquire() returns null only when the app gave its own client.
    PendingHttpClient base = ownedHttp != null ? ownedHttp.client()
        : PendingHttpClient.of(Objects.requireNonNull(builder.okHttpClient));
    this.config.ownedHttp = ownedHttp;
    Duration connectTimeout = builder.connectTimeout;
    Duration readTimeout = builder.readTimeout;
    CredentialsInterceptor credentials = new CredentialsInterceptor(builder.credentials);
    RetryAfterGuard retryAfterGuard = new RetryAfterGuard((builder.backoff.maxRetryAfter().toMillis() + 999) / 1000);
    this.httpClient = base.derive(http -> http.newBuilder()
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .addInterceptor(credentials)
        .addNetworkInterceptor(retryAfterGuard)
        .build());
    // A stream may be quiet for up to the server's 30 s keepalive; only a longer silence means it is dead.
    this.streams = new StreamConnector(httpClient, builder.livenessTimeout, builder.maxEventBytes, calls);
    this.api = new BackendApi(httpClient, baseUrl, callbackExecutor, calls, builder.maxResponseBytes);
    ThreadStore chosenStore = this.store;
    this.engine = new ThreadEngine(api, streams,
        onError -> new StoreWriter(chosenStore, builder.storeBatchItems, builder.storeBatchDelay.toMillis(), onError),
        callbackExecutor, builder.backoff, builder.listPageSize, builder.eventListener, counters, calls,
        builder.resumableStream, builder.silentStreamCheck.toMillis(), builder.clock);
  }

  /** A builder for a new client. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this client's configuration. A client built from it shares this one's HTTP
   * connection pool and dispatcher; it does not share the store, which belongs to the client using it
   * (the variant gets a new in-memory store unless {@link Builder#store} is called).
   */
  public Builder newBuilder() {
    Builder builder = config.copy();
    builder.store = null;
    return builder;
  }

  /** The backend's base URL. */
  public HttpUrl baseUrl() {
    return baseUrl.httpUrl();
  }

  // ---------------------------------------------------------------- threads list

  /**
   * Fetches one page of the caller's threads. Its threads also go into the cache and the observed thread
   * list (the client is the cache's only writer).
   *
   * @throws ChatbotException on any failure (see the subclasses)
   */
  public ThreadPage listThreads(PageRequest page) {
    Objects.requireNonNull(page, "page");
    ThreadPage read = api.execute(api.listThreads(page), body -> BackendApi.readThreadPage(body, page));
    engine.threadsRead(read.threads());
    return read;
  }

  /** Fetches one page of the caller's threads in the background. Cancelling the future cancels the request. */
  public CompletableFuture<ThreadPage> listThreadsAsync(PageRequest page) {
    Objects.requireNonNull(page, "page");
    return cancellable(api.enqueue(api.listThreads(page), body -> BackendApi.readThreadPage(body, page)), read -> {
      engine.threadsRead(read.threads());
      return read;
    });
  }

  /**
   * All the caller's threads, fetched page by page as the iteration reaches them, starting with
   * {@code firstPage}. Iterate on a background thread: {@code next()} may block on the network and throws
   * {@link ChatbotException} when a page fails.
   */
  public Iterable<Workflow> allThreads(PageRequest firstPage) {
    Objects.requireNonNull(firstPage, "firstPage");
    return new AllThreads(firstPage, this::listThreads);
  }

  // ---------------------------------------------------------------- one thread

  /**
   * Reads one thread with all its items, as the server has it. What it reads also goes into the cache and
   * to the thread's observers, as a re-read does.
   *
   * @throws NotFoundException if it does not exist
   * @throws ChatbotException on any other failure
   */
  public ChatThread getThread(String workflowId) {
    ChatThread thread = api.execute(api.getThread(workflowId), BackendApi::readThread);
    engine.threadRead(thread);
    return thread;
  }

  /** Reads one thread with all its items in the background. Cancelling the future cancels the request. */
  public CompletableFuture<ChatThread> getThreadAsync(String workflowId) {
    return cancellable(api.enqueue(api.getThread(workflowId), BackendApi::readThread), thread -> {
      engine.threadRead(thread);
      return thread;
    });
  }

  /**
   * Asks the server to stop a running workflow, and returns it as the server now has it. Observers see the
   * thread's outcome when its stream ends. (To stop only listening, close the {@link Subscription}.)
   */
  public Workflow stop(String workflowId) {
    Workflow workflow = api.execute(api.stop(workflowId), BackendApi::readWorkflow);
    engine.workflowUpdated(workflow);
    return workflow;
  }

  /** Asks the server to stop a running workflow, in the background. Cancelling the future cancels the request. */
  public CompletableFuture<Workflow> stopAsync(String workflowId) {
    return cancellable(api.enqueue(api.stop(workflowId), BackendApi::readWorkflow), workflow -> {
      engine.workflowUpdated(workflow);
      return workflow;
    });
  }

  /**
   * Deletes a thread and all its items on the server, then from the cache and every list.
   *
   * @throws NotFoundException if it does not exist
   * @throws ForbiddenException if the caller may not delete it
   * @throws BadRequestException if it is not a chat thread
   */
  public void delete(String workflowId) {
    api.execute(api.delete(workflowId), BackendApi::readNothing);
    engine.threadDeleted(workflowId);
  }

  /**
   * Deletes a thread in the background; the cache forgets it when the server confirms. Cancelling the
   * future cancels the request.
   */
  public CompletableFuture<@Nullable Void> deleteAsync(String workflowId) {
    return cancellable(api.enqueue(api.delete(workflowId), BackendApi::readNothing), nothing -> {
      engine.threadDeleted(workflowId);
      return null;
    });
  }

  /**
   * {@code call} then {@code then}, as one future: cancelling it cancels {@code call}, and so its HTTP request
   * (a derived future alone would only stop the waiting).
   */
  private static <S, T> CompletableFuture<T> cancellable(CompletableFuture<S> call, Function<S, T> then) {
    CompletableFuture<T> derived = call.thenApply(then);
    derived.whenComplete((value, error) -> {
      if (derived.isCancelled()) call.cancel(false);
    });
    return derived;
  }

  // ---------------------------------------------------------------- sending and observing

  /**
   * Sends a prompt: to the thread {@link UserInput#workflowId()} names, or to a new thread. Returns at once;
   * the prompt shows as a pending item in the thread straight away, the answer streams in, and the SDK
   * follows the round to its end, recovering from dropped connections by re-reading the thread. The
   * prompt is posted again only if the server provably did not receive it.
   *
   * <p>Offline: after {@link #networkLost()}, or when its POST could not connect, the prompt waits in the
   * offline queue, kept in the cache (so it survives the process), shown as a pending item with the thread
   * {@link ConnectionState.Kind#OFFLINE}. The queue is posted, once each and in the order written across
   * threads, when the network is back ({@link #networkAvailable()}), when a retry after the failed
   * connection is due, or when a client is next opened on the same cache. A prompt to a new thread waits
   * with no workflow id: observe it through its {@link SendCall}. See {@link #queuedSends()} and
   * {@link SendCall#cancel()}.
   *
   * @throws IllegalArgumentException if the input continues a thread whose id is empty, blank or a dot
   *     segment ({@code .}, {@code ..}, also percent-encoded): no such thread can be addressed
   */
  public SendCall send(UserInput input) {
    return engine.send(Objects.requireNonNull(input, "input"));
  }

  /**
   * Observes one thread: the observer gets its cached state first (if any, marked from cache), then the
   * server's, then every change, including those of sends from this client. Several observers of one
   * thread share its network activity.
   */
  public Subscription observeThread(String workflowId, ThreadObserver observer) {
    return observeThread(workflowId, ReadPolicy.CACHE_THEN_NETWORK, observer);
  }

  /**
   * Observes one thread, reading as {@code policy} says: {@link ReadPolicy#CACHE_ONLY} sends no request
   * (the thread shows as cached), {@link ReadPolicy#NETWORK_ONLY} never shows the cache. Otherwise as
   * {@link #observeThread(String, ThreadObserver)}.
   */
  public Subscription observeThread(String workflowId, ReadPolicy policy, ThreadObserver observer) {
    return engine.observeThread(workflowId, Objects.requireNonNull(policy, "policy"),
        Objects.requireNonNull(observer, "observer"));
  }

  /**
   * Observes the thread list, most recently active first: the cached list first, then the server's first
   * page (of {@link Builder#listPageSize(int)} threads), then every change this client makes or sees.
   */
  public Subscription observeThreads(ThreadListObserver observer) {
    return observeThreads(ReadPolicy.CACHE_THEN_NETWORK, observer);
  }

  /**
   * Observes the thread list, reading as {@code policy} says: {@link ReadPolicy#CACHE_ONLY} sends no request
   * (the cached list shows), {@link ReadPolicy#NETWORK_ONLY} never shows the cached list. Otherwise as
   * {@link #observeThreads(ThreadListObserver)}.
   */
  public Subscription observeThreads(ReadPolicy policy, ThreadListObserver observer) {
    return engine.observeThreads(Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(observer, "observer"));
  }

  /**
   * The prompts of the offline queue not yet known to have reached the server, in the order they are sent:
   * the one being posted, if any, then those waiting, including those an earlier client on the same cache
   * left queued (each then has a new {@link SendCall}, to observe or {@linkplain SendCall#cancel() cancel};
   * the one being posted can no longer be cancelled). Completes on the callback executor.
   */
  public CompletableFuture<java.util.List<SendCall>> queuedSends() {
    return engine.queuedSends();
  }

  /** Re-reads the first page of the thread list for its observers. */
  public void refreshThreads() {
    // Asked for by the app: the HTTP client is made now if it is not yet, not after the cache's reads.
    httpClient.make();
    engine.refreshThreads();
  }

  /**
   * Loads the observed thread list's next page ({@link ThreadListState#hasMore()}), merged into what it
   * shows; does nothing when there is none or a page is loading. Returns at once.
   */
  public void loadMoreThreads() {
    httpClient.make();
    engine.loadMoreThreads();
  }

  /**
   * Tells the client the network is gone (the Android and desktop helpers call this): recoveries waiting
   * to retry pause without spending their budget, threads show their cached state as
   * {@link ConnectionState.Kind#OFFLINE}, and prompts sent from now on wait in the offline queue.
   */
  public void networkLost() {
    engine.networkLost();
  }

  /**
   * Tells the client the network is back: recoveries waiting to retry try again at once, and the offline
   * queue is sent, in the order written.
   */
  public void networkAvailable() {
    engine.networkAvailable();
  }

  /** The client's connection counters so far. */
  public ConnectionStats stats() {
    return counters.snapshot();
  }

  /**
   * Waits until every change the client has seen so far is written to the cache, at most {@code timeout}.
   * For orderly shutdown of short-lived programs and for tests; never needed for correctness.
   *
   * @return whether everything was written in time
   */
  public boolean flushCache(Duration timeout) throws InterruptedException {
    return engine.flushStore(timeout.toMillis());
  }

  /**
   * Ends every stream, call and timer of this client and stops delivering to observers. Returns at once
   * and does no I/O on the calling thread; changes already seen are still written to the cache, then the
   * store is closed. Idempotent.
   *
   * <p>Every send not yet ended ends too: its {@link SendCall#result()} (and its {@link SendCall#workflowId()}
   * if that was not known) fails with a {@link java.util.concurrent.CancellationException}, so that nothing
   * waits on it for ever. A prompt still in the offline queue stays in the cache's queue, and the next
   * client on that cache sends it; a round in flight may still be answered by the server, and the next
   * client's read of the thread shows the answer.
   *
   * <p>A client that is never closed does not keep its JVM alive (its threads are daemons): when the JVM
   * exits, a shutdown hook waits up to 2 s for the cache to hold the changes seen so far, whether the client
   * was closed or not. Android runs no shutdown hooks when it ends a process; an app there calls
   * {@link #flushCache(Duration)} when it goes to the background if the last batch of writes matters.
   */
  @Override public void close() {
    if (!closed.compareAndSet(false, true)) return;
    // The client's own callback thread ends after the engine has ended the sends' futures through it.
    ExecutorService owned = ownedCallbackExecutor;
    engine.close(owned == null ? () -> { } : owned::shutdown);
    calls.cancelAll();
    streams.close();
    if (ownedHttp != null) ownedHttp.release();
  }

  @Override public String toString() {
    return "ChatbotClient(" + baseUrl + ")";
  }

  /** Configures a {@link ChatbotClient}. Not thread-safe. */
  public static final class Builder {
    private @Nullable BaseUrl baseUrl;
    private boolean allowCleartext;
    private CredentialsProvider credentials = CredentialsProvider.NONE;
    private @Nullable OkHttpClient okHttpClient;
    private @Nullable ThreadStore store;
    private @Nullable Executor callbackExecutor;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration livenessTimeout = Duration.ofSeconds(90);
    private Duration silentStreamCheck = Duration.ofSeconds(30);
    private BackoffPolicy backoff = BackoffPolicy.defaults();
    private ChatbotEventListener eventListener = ChatbotEventListener.NONE;
    private @Nullable ResumableStream resumableStream;
    private int listPageSize = 50;
    private int storeBatchItems = 200;
    private Duration storeBatchDelay = Duration.ofMillis(50);
    private long maxEventBytes = 4L << 20;
    private long maxResponseBytes = 32L << 20;
    private @Nullable OwnedHttpClient ownedHttp;
    private @Nullable EngineClock clock;

    private Builder() {}

    /** The backend's base URL; routes are under {@code baseUrl/api/chatbot/}. Required. */
    public Builder baseUrl(String baseUrl) {
      // Checked now, made an HttpUrl when first used: its parse would cost a fresh process's first frame.
      this.baseUrl = BaseUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
      return this;
    }

    /** The backend's base URL; routes are under {@code baseUrl/api/chatbot/}. Required. */
    public Builder baseUrl(HttpUrl baseUrl) {
      this.baseUrl = BaseUrl.of(Objects.requireNonNull(baseUrl, "baseUrl"));
      return this;
    }

    /**
     * Allows plain {@code http} to hosts other than loopback. Off by default: credentials and chats must not
     * cross a network in clear text.
     */
    public Builder allowCleartext(boolean allowCleartext) {
      this.allowCleartext = allowCleartext;
      return this;
    }

    /** Where credentials come from; asked before every request. Default: none. */
    public Builder credentials(CredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * The app's OkHttpClient, to share its connection pool, dispatcher and interceptors. The client derives
     * its own variant (timeouts, credentials) and never changes or shuts down the app's.
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
      return this;
    }

    /**
     * The local cache of this account's threads. Default: a new {@link InMemoryThreadStore}. The client
     * owns the store: {@link ChatbotClient#close()} writes what is pending, then closes it. The client keeps
     * the store within its {@linkplain ThreadStore#sizeLimitBytes() size limit}, chosen when the store is
     * opened: after a write that goes over it, the threads opened least recently are evicted (an app opens
     * a thread by observing it), never one being observed or one whose prompt is being answered.
     */
    public Builder store(ThreadStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Where observers and futures are called: the Android main thread, the Swing event thread, or
     * {@code Runnable::run} in tests. Default: one background thread of the client's own.
     */
    public Builder callbackExecutor(Executor callbackExecutor) {
      this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
      return this;
    }

    /** How long to wait for a connection. Default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout);
      return this;
    }

    /** How long a REST answer may be silent. Default 30 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout);
      return this;
    }

    /**
     * How long a stream may be silent before it counts as dead. The server sends a keepalive every 30 s, so
     * the default is 90 s (3×); a shorter value would reconnect for nothing on every quiet stream.
     */
    public Builder livenessTimeout(Duration timeout) {
      this.livenessTimeout = positive(timeout);
      return this;
    }

    /**
     * How long a stream may carry no item (keepalives do not count) before the client re-reads the thread to
     * check that its round still runs. Default 30 s, the server's keepalive interval.
     *
     * <p>The backend's stream can outlive its round: when two readers share a workflow's events, or the thread
     * was deleted, the stream sends only keepalives until the server's 300 s limit. The re-read ends such a
     * stream when the workflow has finished (or is gone), and merges what the server holds while it runs on;
     * the stream stays open meanwhile.
     */
    public Builder silentStreamCheck(Duration interval) {
      this.silentStreamCheck = positive(interval);
      return this;
    }

    /** How recovery waits between attempts. Default {@link BackoffPolicy#defaults()}. */
    public Builder backoff(BackoffPolicy backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** Hears connection events (reconnects, re-reads, duplicates absorbed). Default: none. */
    public Builder eventListener(ChatbotEventListener eventListener) {
      this.eventListener = Objects.requireNonNull(eventListener, "eventListener");
      return this;
    }

    /**
     * The backend's resumable stream, if it offers one: lost streams are then resumed from the last event
     * instead of re-read and polled. Default: none, as the chatbot gateway offers none.
     */
    public Builder resumableStream(@Nullable ResumableStream resumableStream) {
      this.resumableStream = resumableStream;
      return this;
    }

    /** How many threads the observed list fetches from the server. Default 50. */
    public Builder listPageSize(int listPageSize) {
      if (listPageSize < 1) throw new IllegalArgumentException("listPageSize < 1");
      this.listPageSize = listPageSize;
      return this;
    }

    /** Cache writes are batched: at most {@code items} per transaction, waiting at most {@code delay}. */
    public Builder storeBatching(int items, Duration delay) {
      if (items < 1) throw new IllegalArgumentException("items < 1");
      this.storeBatchItems = items;
      this.storeBatchDelay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /** Test seam: the engine's clock and timers (the recovery spec drives them). Default: the system's. */
    Builder clock(EngineClock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The largest stream event accepted, in bytes (its lines, comments and field names included). A stream
     * sending a larger one (or a line that never ends) fails with a {@link MalformedResponseException} after at most
     * this many bytes were buffered, and the thread is recovered by re-reading it. Default 4 MiB, far above
     * any real item.
     */
    public Builder maxEventSize(long bytes) {
      if (bytes < 1) throw new IllegalArgumentException("maxEventSize < 1");
      this.maxEventBytes = bytes;
      return this;
    }

    /**
     * The largest REST answer read (a thread, a list page), in bytes. A larger one fails with a
     * {@link MalformedResponseException} after at most this many bytes were read. Default 32 MiB.
     */
    public Builder maxResponseSize(long bytes) {
      if (bytes < 1) throw new IllegalArgumentException("maxResponseSize < 1");
      this.maxResponseBytes = bytes;
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalStateException if no base URL was set
     * @throws IllegalArgumentException if the base URL is plain http to a host that is not loopback and
     *     cleartext was not allowed
     */
    public ChatbotClient build() {
      if (baseUrl == null) throw new IllegalStateException("baseUrl is required");
      if (!baseUrl.isHttps() && !allowCleartext && !LoopbackHosts.isLoopback(baseUrl.host())) {
        throw new IllegalArgumentException("refusing cleartext http to " + baseUrl.host()
            + ": use https, or allowCleartext(true) for a trusted network");
      }
      return new ChatbotClient(this, baseUrl);
    }

    Builder copy() {
      Builder copy = new Builder();
      copy.baseUrl = baseUrl;
      copy.allowCleartext = allowCleartext;
      copy.credentials = credentials;
      copy.okHttpClient = okHttpClient;
      copy.store = store;
      copy.callbackExecutor = callbackExecutor;
      copy.connectTimeout = connectTimeout;
      copy.readTimeout = readTimeout;
      copy.livenessTimeout = livenessTimeout;
      copy.silentStreamCheck = silentStreamCheck;
      copy.backoff = backoff;
      copy.eventListener = eventListener;
      copy.resumableStream = resumableStream;
      copy.listPageSize = listPageSize;
      copy.storeBatchItems = storeBatchItems;
      copy.storeBatchDelay = storeBatchDelay;
      copy.maxEventBytes = maxEventBytes;
      copy.maxResponseBytes = maxResponseBytes;
      copy.ownedHttp = ownedHttp;
      copy.clock = clock;
      return copy;
    }

    private static Duration positive(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
      return timeout;
    }
  }
}
