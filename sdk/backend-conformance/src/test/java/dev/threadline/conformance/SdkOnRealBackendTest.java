package dev.threadline.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.BackoffPolicy;
import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotException;
import dev.threadline.ConnectionState;
import dev.threadline.CredentialsProvider;
import dev.threadline.NotFoundException;
import dev.threadline.PageRequest;
import dev.threadline.SendCall;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadPage;
import dev.threadline.ThreadState;
import dev.threadline.ThreadStore;
import dev.threadline.UserInput;
import dev.threadline.Workflow;
import dev.threadline.store.sqlite.SqliteThreadStore;
import dev.threadline.testkit.Round;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK as an app uses it, against the backend's own route code under FastAPI: every request the SDK
 * writes must be one the real models accept, and every scenario must end with what the server holds. The
 * server's clock runs 10 times faster (keepalives every 3 s, the stream limit at 30 s); round timings are
 * real time. Faults the route code cannot produce stay in the testkit's fault suites.
 */
@Timeout(120)
class SdkOnRealBackendTest {
  @RegisterExtension static final RealBackendExtension real = RealBackendExtension.create(10);

  private final List<ChatbotClient> clients = new ArrayList<>();
  private RealBackend backend;
  private String token;

  @BeforeEach void setUp() {
    backend = real.backend();
    backend.reset();
    token = backend.token("alice");
  }

  @AfterEach void closeClients() {
    clients.forEach(ChatbotClient::close);
  }

  private ChatbotClient.Builder builder(HttpUrl url) {
    return ChatbotClient.builder()
        .baseUrl(url)
        .credentials(CredentialsProvider.bearer(token))
        .backoff(BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(50)).withMaxDelay(Duration.ofMillis(300)));
  }

  private ChatbotClient client(ChatbotClient.Builder builder) {
    ChatbotClient client = builder.build();
    clients.add(client);
    return client;
  }

  private ChatbotClient client() {
    return client(builder(backend.baseUrl()));
  }

  private static ThreadState await(SendCall call) throws Exception {
    return call.result().get(60, TimeUnit.SECONDS);
  }

  private static List<String> messages(List<ChatItem> items) {
    return items.stream().filter(item -> item.type().equals(ChatItem.TYPE_MESSAGE))
        .map(item -> item.role() + ": " + item.message()).collect(Collectors.toList());
  }

  @Test void aPromptSentWithDefaultsIsAcceptedAndStreamsToTheServersThread() throws Exception {
    backend.scriptNextRound(Round.reply("Refunds take 5 days.").logs(2));
    ChatbotClient client = client();

    ThreadState done = await(client.send(UserInput.of("What is our refund policy?")));

    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    ChatThread truth = client.getThread(done.workflowId());
    assertEquals(truth.items(), done.items(), "nothing lost, nothing twice");
    assertEquals(List.of("user: What is our refund policy?", "assistant: Refunds take 5 days."),
        messages(done.items()));
    assertEquals("completed", done.workflow().statusText());
    assertFalse(done.hasPendingWrites());
  }

  @Test void aLanguageAndFileIdsAreAcceptedToo() throws Exception {
    ChatbotClient client = client();

    ThreadState done = await(client.send(UserInput.builder("Wie lange dauert eine Rückerstattung?")
        .language("de").fileIds(List.of("file_1")).build()));

    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    assertEquals(client.getThread(done.workflowId()).items(), done.items());
  }

  @Test void continuingAThreadAddsARoundAndKeepsTheEarlierOne() throws Exception {
    backend.scriptNextRound(Round.reply("First answer.").logs(1));
    backend.scriptNextRound(Round.reply("Second answer.").logs(1));
    ChatbotClient client = client();
    ThreadState first = await(client.send(UserInput.of("First question")));

    ThreadState second = await(client.send(UserInput.builder("Second question").workflowId(first.workflowId()).build()));

    assertEquals(ConnectionState.Kind.COMPLETED, second.connection().kind());
    assertEquals(List.of("user: First question", "assistant: First answer.", "user: Second question",
        "assistant: Second answer."), messages(second.items()));
    assertEquals(client.getThread(first.workflowId()).items(), second.items());
    assertEquals(Integer.valueOf(2), second.workflow().currentRound());
  }

  @Test void stoppingARunningThreadEndsItsRoundAsStopped() throws Exception {
    backend.scriptNextRound(Round.longRun(Duration.ofSeconds(60)));
    ChatbotClient client = client();
    SendCall call = client.send(UserInput.of("Take your time"));
    String workflowId = call.workflowId().get(30, TimeUnit.SECONDS);

    Workflow stopped = client.stop(workflowId);

    assertEquals("stopped", stopped.statusText());
    ThreadState done = await(call);
    assertEquals(ConnectionState.Kind.STOPPED, done.connection().kind());
    assertEquals(client.getThread(workflowId).items(), done.items());
  }

  @Test void aFailingRoundEndsAsFailedWithTheServersItems() throws Exception {
    backend.scriptNextFailure("the model is unavailable", 1, "error");
    ChatbotClient client = client();

    ThreadState done = await(client.send(UserInput.of("Will this work?")));

    assertEquals(ConnectionState.Kind.FAILED, done.connection().kind());
    assertEquals("error", done.workflow().statusText());
    assertEquals(client.getThread(done.workflowId()).items(), done.items());
  }

  @Test void deletingAThreadRemovesItFromTheServerAndTheCache(@TempDir Path dir) throws Exception {
    ThreadStore store = SqliteThreadStore.open(dir, "alice");
    ChatbotClient client = client(builder(backend.baseUrl()).store(store));
    ThreadState done = await(client.send(UserInput.of("Forget me")));
    assertTrue(client.flushCache(Duration.ofSeconds(10)));

    client.delete(done.workflowId());

    assertThrows(NotFoundException.class, () -> client.getThread(done.workflowId()));
    assertTrue(client.flushCache(Duration.ofSeconds(10)));
    assertNull(store.loadThread(done.workflowId()));
  }

  @Test void threadsAreListedPageByPageAndAllAtOnce() throws Exception {
    ChatbotClient client = client();
    List<String> ids = new ArrayList<>();
    for (String prompt : List.of("One", "Two", "Three")) ids.add(await(client.send(UserInput.of(prompt))).workflowId());

    ThreadPage first = client.listThreads(PageRequest.builder().page(1).pageSize(2)
        .sort(List.of(new PageRequest.Sort("lastActivity", PageRequest.Direction.DESC))).build());
    List<String> all = new ArrayList<>();
    for (Workflow thread : client.allThreads(PageRequest.firstPage(2))) all.add(thread.id());

    assertEquals(2, first.threads().size());
    assertEquals(3, first.totalItems());
    assertEquals(2, first.totalPages());
    assertTrue(first.hasNextPage());
    assertEquals(List.of(ids.get(2), ids.get(1)), first.threads().stream().map(Workflow::id).collect(Collectors.toList()),
        "most recently active first");
    assertEquals(3, all.size());
    assertTrue(all.containsAll(ids));
  }

  @Test void filtersAreSentButThisBackendDoesNotApplyThem() throws Exception {
    ChatbotClient client = client();
    await(client.send(UserInput.of("One")));
    await(client.send(UserInput.of("Two")));

    ThreadPage page = client.listThreads(PageRequest.builder().page(1).pageSize(10)
        .filtersJson("{\"status\": \"no-such-status\"}").build());

    assertEquals(2, page.threads().size(), "the route echoes filters without applying them (PageRequest says so)");
  }

  @Test void aClientRestartedOnTheSameCacheShowsTheThreadFromTheCacheThenFromTheServer(@TempDir Path dir)
      throws Exception {
    ChatbotClient first = client(builder(backend.baseUrl()).store(SqliteThreadStore.open(dir, "alice")));
    ThreadState done = await(first.send(UserInput.of("Remember me")));
    assertTrue(first.flushCache(Duration.ofSeconds(10)));
    first.close();

    // With the server out of reach, the cache alone shows the thread.
    ChatbotClient offline = client(builder(unreachable()).store(SqliteThreadStore.open(dir, "alice")));
    States cached = new States();
    offline.observeThread(done.workflowId(), cached);
    ThreadState fromCache = cached.await(ThreadState::isFromCache);
    assertEquals(done.items(), fromCache.items());
    offline.close();

    // Restarted with the server: the thread shows at once (from the cache, or already refreshed when the
    // server answered before the cache was read), then as the server has it.
    ChatbotClient restarted = client(builder(backend.baseUrl()).store(SqliteThreadStore.open(dir, "alice")));
    States states = new States();
    restarted.observeThread(done.workflowId(), states);
    ThreadState fresh = states.await(state -> !state.isFromCache() && state.connection().kind() == ConnectionState.Kind.COMPLETED);

    assertEquals(done.items(), states.list.get(0).items(), "the thread shows at once, whole");
    assertEquals(done.items(), fresh.items());
  }

  /** A loopback URL nothing listens on. */
  private static HttpUrl unreachable() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return HttpUrl.get("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }
  }

  @Test void aStreamDroppedMidRoundIsRecoveredByReReadingWithoutSendingThePromptAgain() throws Exception {
    backend.scriptNextRound(Round.reply("Recovered in full.").logs(4), Duration.ofMillis(300));
    try (LoopbackProxy proxy = LoopbackProxy.to(backend.baseUrl())) {
      ChatbotClient client = client(builder(proxy.url()));
      SendCall call = client.send(UserInput.of("Survive a flicker"));
      States states = new States();
      call.observe(states);
      states.await(state -> state.connection().kind() == ConnectionState.Kind.STREAMING
          && state.items().stream().anyMatch(item -> item.type().equals("log")));

      proxy.cutAll();

      ThreadState done = await(call);
      assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
      ChatThread truth = client(builder(backend.baseUrl())).getThread(done.workflowId());
      assertEquals(truth.items(), done.items());
      assertEquals(List.of("user: Survive a flicker", "assistant: Recovered in full."), messages(truth.items()),
          "the prompt reached the server once");
      assertTrue(client.stats().resyncs() >= 1);
    }
  }

  @Test void aThreadDeletedElsewhereEndsTheSendLongBeforeTheStreamLimit() throws Exception {
    // The route does not end a deleted thread's streams: only the silent-stream check notices.
    backend.scriptNextRound(Round.longRun(Duration.ofSeconds(60)));
    ChatbotClient phone = client(builder(backend.baseUrl()).silentStreamCheck(Duration.ofMillis(500)));
    SendCall call = phone.send(UserInput.of("Delete me from the laptop"));
    String workflowId = call.workflowId().get(30, TimeUnit.SECONDS);

    client().delete(workflowId);

    long started = System.nanoTime();
    ExecutionException failed = assertThrows(ExecutionException.class, () -> call.result().get(20, TimeUnit.SECONDS));
    assertInstanceOf(NotFoundException.class, failed.getCause());
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(backend.streamTimeLimit()) < 0);
  }

  @Test void aStreamEndedByAnEarlierRoundsLeftoverEventStillShowsTheWholeAnswer() throws Exception {
    // Stopping a finished round leaves its "stopped" event in the workflow's queue: the next stream reads it
    // first and ends right after its snapshot, while the round runs on.
    ChatbotClient client = client();
    ThreadState first = await(client.send(UserInput.of("One")));
    client.stop(first.workflowId());
    backend.scriptNextRound(Round.reply("Two answered.").logs(1).thinking(Duration.ofMillis(500)));

    ThreadState second = await(client.send(UserInput.builder("Two").workflowId(first.workflowId()).build()));

    assertEquals(ConnectionState.Kind.COMPLETED, second.connection().kind());
    assertEquals(List.of("user: One", "assistant: " + first.items().stream()
            .filter(item -> "assistant".equals(item.role())).findFirst().get().message(),
        "user: Two", "assistant: Two answered."), messages(second.items()));
    assertEquals(client.getThread(first.workflowId()).items(), second.items());
  }

  @Test void anExpiredTokenIsRefreshedOnceAfterThe401() throws Exception {
    List<Boolean> asked = new CopyOnWriteArrayList<>();
    ChatbotClient client = client(builder(backend.baseUrl()).credentials(refresh -> {
      asked.add(refresh);
      return java.util.Collections.singletonMap("Authorization", "Bearer " + (refresh ? token : "token-expired"));
    }));

    ThreadState done = await(client.send(UserInput.of("Still signed in?")));

    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    assertEquals(Boolean.TRUE, asked.get(1), "asked again with refresh after the 401");
  }

  @Test void withoutValidCredentialsASendFailsAsUnauthorized() {
    ChatbotClient client = client(builder(backend.baseUrl()).credentials(CredentialsProvider.bearer("token-nobody")));

    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> client.send(UserInput.of("Hi")).result().get(30, TimeUnit.SECONDS));

    assertInstanceOf(dev.threadline.UnauthorizedException.class, failed.getCause());
  }

  /** Records the states an observer is shown and waits for one. */
  static final class States implements ThreadObserver {
    final List<ThreadState> list = new CopyOnWriteArrayList<>();

    @Override public synchronized void onChanged(ThreadState state) {
      list.add(state);
      notifyAll();
    }

    @Override public void onError(ChatbotException error) {}

    synchronized ThreadState await(Predicate<ThreadState> condition) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        for (ThreadState state : list) if (condition.test(state)) return state;
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError("no matching state in " + list);
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }
}
