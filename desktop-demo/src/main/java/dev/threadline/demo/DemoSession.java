package dev.threadline.demo;

import dev.threadline.BackoffPolicy;
import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotEventListener;
import dev.threadline.CredentialsProvider;
import dev.threadline.ReadPolicy;
import dev.threadline.store.sqlite.SqliteThreadStore;
import java.time.Duration;
import java.util.concurrent.Executor;
import okhttp3.HttpUrl;

/**
 * What the window and the command line work with: the backend chosen by the {@link Options} (the embedded
 * fake one unless {@code --server} is given), the account's SQLite cache, and the client built on them.
 * Close it once, off the Swing event thread: it waits briefly for the cache to be written.
 */
public final class DemoSession implements AutoCloseable {
  /**
   * The base URL of an {@code --offline} session with no {@code --server}: never contacted, as every read
   * of an offline session is {@link ReadPolicy#CACHE_ONLY} and sending is off.
   */
  static final String OFFLINE_URL = "http://127.0.0.1:1/";
  /** The SDK's connect timeout, which a shorter {@code --timeout} shortens. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final EmbeddedBackend backend;
  private final SqliteThreadStore store;
  private final ChatbotClient client;
  private final boolean offline;
  private final String serverLabel;

  private DemoSession(EmbeddedBackend backend, SqliteThreadStore store, ChatbotClient client, boolean offline,
      String serverLabel) {
    this.backend = backend;
    this.store = store;
    this.client = client;
    this.offline = offline;
    this.serverLabel = serverLabel;
  }

  /**
   * Opens the session {@code options} describe. Blocking (starts a server, opens a file): call it off the
   * Swing event thread.
   *
   * @param callbackExecutor where the client calls observers and completes futures; null for a thread of its own
   * @param listener hears the client's connection events
   */
  public static DemoSession open(Options options, Executor callbackExecutor, ChatbotEventListener listener) {
    boolean embedded = options.server() == null;
    EmbeddedBackend backend = embedded && !options.offline()
        ? EmbeddedBackend.start(options.pacingMillis() == null
            ? EmbeddedBackend.DEFAULT_PACING : Duration.ofMillis(options.pacingMillis()))
        : null;
    String token = embedded ? EmbeddedBackend.TOKEN : options.token();
    SqliteThreadStore store = null;
    try {
      store = SqliteThreadStore.open(options.cache(), account(options));
      // An embedded backend is new on every start (its ids too): what an earlier one left in the cache
      // belongs to a backend that is gone, and would show threads no server holds.
      if (backend != null) store.clear();
      String url = embedded ? (backend == null ? OFFLINE_URL : backend.url()) : options.server();
      ChatbotClient.Builder builder = ChatbotClient.builder()
          .baseUrl(url)
          .allowCleartext(options.allowCleartext())
          .credentials(token == null ? CredentialsProvider.NONE : CredentialsProvider.bearer(token))
          .store(store)
          .eventListener(listener)
          .listPageSize(ThreadPaging.PAGE_SIZE);
      if (options.timeout() != null) withTimeout(builder, options.timeout());
      if (callbackExecutor != null) builder.callbackExecutor(callbackExecutor);
      ChatbotClient client = build(builder, url);
      if (options.offline()) client.networkLost();
      String label = embedded ? "embedded demo backend" : options.server();
      return new DemoSession(backend, store, client, options.offline(), label);
    } catch (RuntimeException e) {
      if (store != null) store.close();
      if (backend != null) backend.close();
      throw e;
    }
  }

  /** Recovery gives up after {@code timeout} of failures, and one connection attempt waits no longer. */
  private static void withTimeout(ChatbotClient.Builder builder, Duration timeout) {
    BackoffPolicy backoff = BackoffPolicy.defaults();
    long firstMillis = Math.min(backoff.initialDelay().toMillis(), Math.max(1, timeout.toMillis() / 4));
    builder.backoff(backoff.withBudget(timeout).withInitialDelay(Duration.ofMillis(firstMillis)));
    if (timeout.compareTo(CONNECT_TIMEOUT) < 0) builder.connectTimeout(timeout);
  }

  /** Builds the client; the SDK's cleartext refusal is said in the demo's terms, naming its option. */
  private static ChatbotClient build(ChatbotClient.Builder builder, String url) {
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      // The one IllegalArgumentException build() documents: plain http to a host that is not loopback.
      throw new CleartextRefusedException(HttpUrl.get(url).host(), e);
    }
  }

  /**
   * The cache's account: one per backend and token, so two accounts never share a file. The store hashes
   * it into the file name, so the token never appears on disk.
   */
  static String account(Options options) {
    if (options.server() == null) return "embedded-demo";
    return options.server() + "\n" + (options.token() == null ? "" : options.token());
  }

  /** The client. */
  public ChatbotClient client() {
    return client;
  }

  /** The cache (the client writes it; read it directly only for offline views). */
  public SqliteThreadStore store() {
    return store;
  }

  /** The embedded backend, or null when talking to a real one or offline. */
  public EmbeddedBackend backend() {
    return backend;
  }

  /** Whether the session serves cached data only. */
  public boolean offline() {
    return offline;
  }

  /** How the session's windows read threads: from the cache only when offline (no request leaves). */
  public ReadPolicy readPolicy() {
    return offline ? ReadPolicy.CACHE_ONLY : ReadPolicy.CACHE_THEN_NETWORK;
  }

  /** A short description of the backend for the window's footer. */
  public String serverLabel() {
    return serverLabel;
  }

  /** Writes what is left to the cache (up to 2 s), closes the client (and its store) and the backend. */
  @Override public void close() {
    try {
      client.flushCache(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
    if (backend != null) backend.close();
  }
}
