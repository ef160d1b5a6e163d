package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.events;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.sse;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How observers are called: on the chosen executor, conflated, never after close, cache first. */
class ObserverTest {
  private final MockWebServer server = new MockWebServer();
  private final List<ChatbotClient> clients = new ArrayList<>();

  @BeforeEach void setUp() throws Exception {
    server.start();
  }

  @AfterEach void tearDown() {
    clients.forEach(ChatbotClient::close);
    server.close();
  }

  private ChatbotClient.Builder builder() {
    return ChatbotClient.builder().baseUrl(server.url("/"));
  }

  private ChatbotClient track(ChatbotClient client) {
    clients.add(client);
    return client;
  }

  /** An executor that runs nothing until the test says so. */
  static final class ManualExecutor implements java.util.concurrent.Executor {
    final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();

    @Override public void execute(Runnable task) {
      queue.add(task);
    }

    int runAll() {
      int ran = 0;
      for (Runnable task; (task = queue.poll()) != null; ran++) task.run();
      return ran;
    }
  }

  static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("condition not met in time");
      Thread.sleep(5);
    }
  }

  private static List<String> stream(int count) {
    List<String> items = new ArrayList<>();
    items.add(message("msg_u", "user", "Go", 1, "1000.0"));
    for (int i = 1; i < count; i++) items.add(message("msg_" + i, "assistant", "part " + i, 1, (1000 + i) + ".5"));
    return items;
  }

  /** Sends a prompt whose answer is a stream of {@code count} items, with {@code ui} as the callback executor. */
  private SendCall sendAStreamOf(int count, ManualExecutor ui, InMemoryThreadStore store) {
    List<String> items = stream(count);
    server.enqueue(sse(events(items)));
    server.enqueue(json(200, threadJson(workflow("completed", 1), items)));
    return track(builder().callbackExecutor(ui).store(store).build()).send(UserInput.of("Go"));
  }

  /** Waits until the cache holds the finished round of {@code count} items: the engine is done with it. */
  private static void awaitRoundCached(InMemoryThreadStore store, int count) throws InterruptedException {
    awaitTrue(() -> {
      ChatThread cached = store.loadThread(WF);
      return cached != null && cached.items().size() == count && cached.workflow().status().isFinished();
    });
  }

  @Test void observersAreCalledOnTheChosenExecutorNeverOnANetworkThread() throws Exception {
    ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-ui-thread"));
    try {
      List<String> items = stream(20);
      server.enqueue(sse(events(items) + "data: {broken\n\n"));
      server.enqueue(json(200, threadJson(workflow("completed", 1), items)));
      ChatbotClient client = track(builder().callbackExecutor(ui).build());
      RecordingObserver observer = new RecordingObserver();

      SendCall call = client.send(UserInput.of("Go"));
      call.observe(observer);
      call.result().get(10, TimeUnit.SECONDS);
      observer.awaitKind(ConnectionState.Kind.COMPLETED);
      observer.awaitError(error -> error instanceof MalformedResponseException);

      assertFalse(observer.threadNames.isEmpty());
      for (String name : observer.threadNames) assertEquals("app-ui-thread", name);
    } finally {
      ui.shutdownNow();
    }
  }

  @Test void aFloodIsConflatedToTheLatestStateForASlowObserver() throws Exception {
    ManualExecutor ui = new ManualExecutor();
    InMemoryThreadStore store = new InMemoryThreadStore();
    List<ThreadState> received = Collections.synchronizedList(new ArrayList<>());
    sendAStreamOf(2000, ui, store).observe(received::add);

    // While the app's thread is busy, the whole stream arrives and the round ends.
    awaitRoundCached(store, 2000);
    ui.runAll();

    assertEquals(1, received.size(), "one delivery: the latest state, not a backlog of 2000");
    assertEquals(2000, received.get(0).items().size());
    assertEquals(ConnectionState.Kind.COMPLETED, received.get(0).connection().kind());
  }

  @Test void noDeliveryReachesAnObserverAfterItsSubscriptionIsClosed() throws Exception {
    ManualExecutor ui = new ManualExecutor();
    InMemoryThreadStore store = new InMemoryThreadStore();
    List<ThreadState> received = Collections.synchronizedList(new ArrayList<>());
    Subscription subscription = sendAStreamOf(50, ui, store).observe(received::add);

    awaitTrue(() -> !ui.queue.isEmpty());
    subscription.close();
    awaitRoundCached(store, 50);
    ui.runAll();

    assertTrue(received.isEmpty(), "delivered after close: " + received);
  }

  @Test void severalObserversOfOneThreadShareOneStreamAndOneReRead() throws Exception {
    List<String> items = stream(5);
    server.enqueue(sse(events(items)));
    server.enqueue(new MockResponse.Builder(json(200, threadJson(workflow("completed", 1), items)))
        .headersDelay(200, TimeUnit.MILLISECONDS).build());
    ChatbotClient client = track(builder().build());
    RecordingObserver first = new RecordingObserver();
    RecordingObserver second = new RecordingObserver();
    RecordingObserver byId = new RecordingObserver();

    SendCall call = client.send(UserInput.of("Go"));
    call.observe(first);
    call.observe(second);
    client.observeThread(call.workflowId().get(10, TimeUnit.SECONDS), byId);
    call.result().get(10, TimeUnit.SECONDS);

    for (RecordingObserver observer : Arrays.asList(first, second, byId)) {
      assertEquals(5, observer.awaitKind(ConnectionState.Kind.COMPLETED).items().size());
    }
    assertEquals(2, server.getRequestCount(), "one POST and one re-read for three observers");
  }

  @Test void closingTheLastObserverOfARunningThreadStopsPollingIt() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        return json(200, threadJson(workflow("running", 1), Collections.emptyList()));
      }
    });
    ChatbotClient client = track(builder()
        .backoff(BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(5))
            .withMaxDelay(Duration.ofMillis(10))).build());
    RecordingObserver observer = new RecordingObserver();
    Subscription subscription = client.observeThread(WF, observer);
    awaitTrue(() -> server.getRequestCount() >= 3);

    subscription.close();
    Thread.sleep(100);
    int afterClose = server.getRequestCount();
    Thread.sleep(300);

    assertTrue(server.getRequestCount() <= afterClose + 1, "still polling: " + server.getRequestCount());
  }

  @Test void observingAThreadShowsTheCacheFirstThenTheServersThread() throws Exception {
    String cachedItem = message("msg_1", "user", "Hi", 1, "1.5");
    String newItem = message("msg_2", "assistant", "Hello", 1, "2.5");
    InMemoryThreadStore store = new InMemoryThreadStore();
    store.apply(Collections.singletonList(new ThreadChange(Workflow.fromJson(workflow("running", 1)),
        Collections.singletonList(ChatItem.fromJson(cachedItem)), Collections.emptyList())));
    server.enqueue(new MockResponse.Builder(json(200, threadJson(workflow("completed", 1),
        Arrays.asList(cachedItem, newItem)))).headersDelay(300, TimeUnit.MILLISECONDS).build());
    ChatbotClient client = track(builder().store(store).build());
    RecordingObserver observer = new RecordingObserver();

    client.observeThread(WF, observer);
    ThreadState done = observer.awaitKind(ConnectionState.Kind.COMPLETED);

    ThreadState first = observer.states.get(0);
    assertTrue(first.isFromCache());
    assertEquals(1, first.items().size());
    assertFalse(done.isFromCache());
    assertEquals(2, done.items().size());
    client.flushCache(Duration.ofSeconds(5));
    assertEquals(2, store.loadThread(WF).items().size());
  }

  @Test void observingTheListShowsTheCacheFirstThenTheServersPage() throws Exception {
    InMemoryThreadStore store = new InMemoryThreadStore();
    store.apply(Collections.singletonList(ThreadChange.workflowOnly(Workflow.fromJson(workflow("completed", 1)))));
    String other = "{\"id\": \"wf_new\", \"status\": \"running\", \"lastActivity\": 1737331999.5}";
    server.enqueue(new MockResponse.Builder(json(200, "{\"items\": [" + other + ", " + workflow("completed", 1)
        + "], \"pagination\": {\"currentPage\": 1, \"pageSize\": 50, \"totalItems\": 2, \"totalPages\": 1}}"))
        .headersDelay(300, TimeUnit.MILLISECONDS).build());
    ChatbotClient client = track(builder().store(store).build());
    List<ThreadListState> states = Collections.synchronizedList(new ArrayList<>());

    client.observeThreads(states::add);
    awaitTrue(() -> {
      // A synchronized list is iterated under its lock: the engine may add a state meanwhile.
      synchronized (states) {
        return states.stream().anyMatch(state -> !state.isFromCache());
      }
    });

    assertTrue(states.get(0).isFromCache());
    assertEquals(Collections.singletonList(WF), ids(states.get(0)));
    assertEquals(Arrays.asList("wf_new", WF), ids(states.get(states.size() - 1)));
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertTrue(request.getUrl().queryParameter("pagination").contains("\"pageSize\":50"));
  }

  private static List<String> ids(ThreadListState state) {
    List<String> ids = new ArrayList<>();
    for (Workflow workflow : state.threads()) ids.add(workflow.id());
    return ids;
  }

  @Test void thousandsOfSubscriptionsAndClientsLeaveNoThreadBehind() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        return json(200, threadJson(workflow("completed", 1), Collections.singletonList(message("m", "user", "x", 1, "1.0"))));
      }
    });
    OkHttpClient shared = new OkHttpClient();
    int before = countSdkThreads();
    ChatbotClient client = builder().okHttpClient(shared).build();
    for (int i = 0; i < 1000; i++) {
      client.observeThread(WF, state -> { }).close();
    }
    client.close();
    for (int i = 0; i < 1000; i++) {
      ChatbotClient shortLived = builder().okHttpClient(shared).build();
      shortLived.observeThread(WF, state -> { });
      shortLived.close();
    }
    awaitTrue(() -> countSdkThreads() <= before);
    assertTrue(countSdkThreads() <= before);
  }

  private static int countSdkThreads() {
    int count = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && thread.getName().startsWith("threadline-")) count++;
    }
    return count;
  }
}
