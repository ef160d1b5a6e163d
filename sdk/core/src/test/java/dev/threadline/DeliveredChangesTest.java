package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.events;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.log;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.sse;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.workflow;
import static dev.threadline.ObserverTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ObserverTest.ManualExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The changes each observer receives, end to end: applied to what that observer showed before, they give
 * the items of the state it receives, however many states conflation skipped for it.
 */
class DeliveredChangesTest {
  private final MockWebServer server = new MockWebServer();
  private ChatbotClient client;

  @BeforeEach void setUp() throws Exception {
    server.start();
  }

  @AfterEach void tearDown() {
    if (client != null) client.close();
    server.close();
  }

  /** An observer that keeps its rows by applying each state's changes, and checks them against the state. */
  private static final class AdapterLikeObserver implements ThreadObserver {
    final List<ChatItem> shown = new ArrayList<>();
    final List<ThreadState> received = Collections.synchronizedList(new ArrayList<>());
    final List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
    final long millisPerState;

    AdapterLikeObserver(long millisPerState) {
      this.millisPerState = millisPerState;
    }

    @Override public void onChanged(ThreadState state) {
      if (received.isEmpty() != state.changes().isReset()) mismatches.add("reset on a later state: " + state);
      state.changes().applyTo(shown, state.items());
      if (!shown.equals(state.items())) mismatches.add(state + " shown as " + shown);
      received.add(state);
      try {
        Thread.sleep(millisPerState);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override public void onError(ChatbotException error) {}

    ThreadState last() {
      return received.get(received.size() - 1);
    }
  }

  /** A round: the user's message, one log whose progress moves on (changes), and {@code parts} answers. */
  private static List<String> round(int parts) {
    List<String> items = new ArrayList<>();
    items.add(message("msg_u", "user", "Go", 1, "1000.0"));
    for (int i = 1; i <= parts; i++) {
      items.add(log("log_1", i / (double) parts, 1, "1000.5"));
      items.add(message("msg_" + i, "assistant", "part " + i, 1, (1000 + i) + ".75"));
    }
    return items;
  }

  private final InMemoryThreadStore store = new InMemoryThreadStore();

  private SendCall sendARound(int parts, java.util.concurrent.Executor ui) {
    List<String> items = round(parts);
    List<String> finalItems = new ArrayList<>(items);
    finalItems.removeIf(item -> item.contains("log_1") && !item.contains("\"progress\": 1.0"));
    // The stream starts late, so an observer's first state is the prompt's pending echo.
    server.enqueue(new MockResponse.Builder(sse(events(items))).headersDelay(200, TimeUnit.MILLISECONDS).build());
    server.enqueue(json(200, threadJson(workflow("completed", 1), finalItems)));
    client = ChatbotClient.builder().baseUrl(server.url("/")).callbackExecutor(ui).store(store).build();
    return client.send(UserInput.of("Go"));
  }

  @Test void aConflatedDeliveryCarriesTheChangesFromTheStateTheObserverSawLast() throws Exception {
    ManualExecutor ui = new ManualExecutor();
    AdapterLikeObserver observer = new AdapterLikeObserver(0);
    SendCall call = sendARound(50, ui);
    call.observe(observer);
    awaitTrue(() -> !ui.queue.isEmpty());
    ui.runAll();
    ThreadState echo = observer.last();

    // While the app's thread is busy, the whole round arrives and ends.
    awaitTrue(() -> {
      ChatThread cached = store.loadThread(WF);
      return cached != null && cached.items().size() == 52 && cached.workflow().status().isFinished();
    });
    ui.runAll();

    assertEquals(Collections.emptyList(), observer.mismatches);
    assertTrue(echo.hasPendingWrites());
    ThreadState last = observer.last();
    assertEquals(ConnectionState.Kind.COMPLETED, last.connection().kind());
    assertEquals(52, last.items().size());
    assertTrue(last.changes().ops().contains(
        new ListChanges.Op(ListChanges.Kind.REMOVED, 0, echo.items().get(0).identityKey())),
        "the pending echo is removed: " + last.changes());
  }

  @Test void eachObserverGetsTheChangesSinceItsOwnLastStateSlowOrFast() throws Exception {
    ExecutorService ui = Executors.newSingleThreadExecutor();
    try {
      AdapterLikeObserver slow = new AdapterLikeObserver(3);
      AdapterLikeObserver fast = new AdapterLikeObserver(0);
      AdapterLikeObserver byId = new AdapterLikeObserver(1);
      SendCall call = sendARound(150, ui);
      call.observe(slow);
      call.observe(fast);
      client.observeThread(call.workflowId().get(10, TimeUnit.SECONDS), byId);

      call.result().get(10, TimeUnit.SECONDS);
      for (AdapterLikeObserver observer : List.of(slow, fast, byId)) {
        awaitTrue(() -> !observer.received.isEmpty() && observer.last().isFinished());
        assertEquals(Collections.emptyList(), observer.mismatches);
        assertEquals(WF, observer.last().workflowId());
        assertEquals(152, observer.shown.size(), "the user message, one log, 150 parts");
      }
    } finally {
      ui.shutdownNow();
    }
  }

  private static String page(String... workflows) {
    return "{\"items\": [" + String.join(", ", workflows) + "], \"pagination\": {\"currentPage\": 1, "
        + "\"pageSize\": 50, \"totalItems\": " + workflows.length + ", \"totalPages\": 1}}";
  }

  @Test void theThreadListsChangesLeadFromTheListThatObserverSawLast() throws Exception {
    store.apply(List.of(ThreadChange.workflowOnly(Workflow.fromJson(workflow("completed", 1)))));
    String running = "{\"id\": \"wf_new\", \"status\": \"running\", \"lastActivity\": 1737331999.5}";
    String completed = "{\"id\": \"wf_new\", \"status\": \"completed\", \"lastActivity\": 1737332000.5}";
    server.enqueue(json(200, page(running, workflow("completed", 1))));
    server.enqueue(json(200, page(completed)));
    ManualExecutor ui = new ManualExecutor();
    client = ChatbotClient.builder().baseUrl(server.url("/")).callbackExecutor(ui).store(store).build();
    List<Workflow> shown = new ArrayList<>();
    List<ThreadListState> received = new ArrayList<>();
    client.observeThreads(state -> {
      assertEquals(received.isEmpty(), state.changes().isReset());
      state.changes().applyTo(shown, state.threads());
      assertEquals(state.threads(), shown);
      received.add(state);
    });
    awaitTrue(() -> !ui.queue.isEmpty());
    ui.runAll();

    awaitTrue(() -> {
      ui.runAll();
      return !received.get(received.size() - 1).isFromCache();
    });
    client.refreshThreads();
    awaitTrue(() -> {
      ui.runAll();
      return received.get(received.size() - 1).threads().size() == 1;
    });

    assertEquals(List.of(Workflow.fromJson(completed)), shown);
  }
}
