package dev.threadline;

import static dev.threadline.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;

/**
 * The client keeps its store within the store's size limit: a write that goes over it evicts the threads
 * opened least recently, but never one being observed or one whose round is running.
 */
class CacheLimitTest {
  private static final String PADDING = "x".repeat(2_000);
  private static final String ANSWER = "y".repeat(3_000);

  @Test void anObservedThreadIsKeptEvenOverTheLimitAndAnUnobservedOneIsEvicted() throws Exception {
    // Over the limit from the start (stored before this client); the first write of the client evicts.
    InMemoryThreadStore store = new InMemoryThreadStore(1_000);
    store.apply(List.of(stored("wf-old"), stored("wf-seen")));

    try (MockWebServer server = server()) {
      ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/")).store(store).build();
      Subscription observing = client.observeThread("wf-seen", new RecordingObserver());
      try {
        // Its refresh is a write, and the store is over its limit: eviction runs, keeping wf-seen.
        awaitTrue(() -> store.loadThread("wf-old") == null, "the unobserved thread is evicted");
        assertNotNull(store.loadThread("wf-seen"), "the observed thread is kept");
        assertTrue(store.sizeBytes() > store.sizeLimitBytes(), "kept even over the limit");
      } finally {
        observing.close();
        client.close();
      }
    }
  }

  @Test void aRunningThreadIsKeptEvenOverTheLimitAndAnIdleOneIsEvicted() throws Exception {
    InMemoryThreadStore store = new InMemoryThreadStore(3_000);
    store.apply(List.of(stored("wf-old"), ThreadChange.workflowOnly(workflow("wf-run", "running"))));
    assertTrue(store.sizeBytes() < store.sizeLimitBytes(), "the cache starts within its limit");

    try (MockWebServer server = server()) {
      ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/")).store(store).build();
      try {
        client.send(UserInput.builder("Go on").workflowId("wf-run").build());

        // Never opened, both: wf-old goes first (by id), and wf-run, running and still over the limit, stays.
        awaitTrue(() -> store.loadThread("wf-old") == null, "the idle thread is evicted");
        ChatThread running = store.loadThread("wf-run");
        assertNotNull(running, "the running thread is kept");
        assertTrue(running.items().stream().anyMatch(i -> "m2".equals(i.id())), "with its new item");
        assertTrue(store.sizeBytes() > store.sizeLimitBytes(), "kept even over the limit");
      } finally {
        streamsDone.countDown();
        client.close();
      }
    }
  }

  @Test void theThreadObservedLongestAgoIsEvictedFirst() throws Exception {
    InMemoryThreadStore store = new InMemoryThreadStore(5_000);
    store.apply(List.of(stored("wf-a"), stored("wf-b")));

    try (MockWebServer server = server()) {
      ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/")).store(store).build();
      try {
        // Viewed in this order: wf-b, then wf-a (by id, wf-a would go first).
        for (String id : List.of("wf-b", "wf-a")) {
          RecordingObserver observer = new RecordingObserver();
          Subscription viewing = client.observeThread(id, observer);
          observer.awaitKind(ConnectionState.Kind.COMPLETED);
          viewing.close();
        }
        // A third thread, viewed now, is written and takes the cache over its limit.
        RecordingObserver third = new RecordingObserver();
        Subscription viewing = client.observeThread("wf-c", third);
        third.awaitKind(ConnectionState.Kind.COMPLETED);
        awaitTrue(() -> store.loadThread("wf-b") == null, "the thread viewed longest ago is evicted");
        assertNotNull(store.loadThread("wf-a"), "the one viewed since is kept");
        assertNotNull(store.loadThread("wf-c"), "the one on screen is kept");
        viewing.close();
      } finally {
        client.close();
      }
    }
  }

  private final CountDownLatch streamsDone = new CountDownLatch(1);

  /**
   * A backend whose threads are completed and hold one long item, except {@code wf-run}: running, and its
   * send's stream sends one long item and then stays open until the test ends.
   */
  private MockWebServer server() throws IOException {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        if (request.getUrl().encodedPath().endsWith("/start/stream")) {
          return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
              .body(new OpenStream("data: " + wireItem("wf-run", "m2", ANSWER) + "\n\n", streamsDone)).build();
        }
        String thread = request.getUrl().queryParameter("workflowId");
        boolean running = "wf-run".equals(thread);
        return json(200, "{\"workflow\": " + workflow(thread, running ? "running" : "completed").json()
            + ", \"chatData\": {\"items\": [" + (running ? wireItem(thread, "m2", ANSWER) : wireItem(thread, "m1", PADDING))
            + "]}}");
      }
    });
    server.start();
    return server;
  }

  /** Thread {@code id} as the server has it (completed, one long item). */
  private static ThreadChange stored(String id) {
    return new ThreadChange(workflow(id, "completed"), List.of(item(id, "m1", PADDING)), List.of());
  }

  private static Workflow workflow(String id, String status) {
    return Workflow.fromJson("{\"id\": \"" + id + "\", \"status\": \"" + status + "\", \"currentRound\": 1, "
        + "\"lastActivity\": 1737331542.02}");
  }

  private static ChatItem item(String workflowId, String id, String text) {
    return ChatItem.fromJson(wireItem(workflowId, id, text));
  }

  private static String wireItem(String workflowId, String id, String text) {
    return "{\"type\": \"message\", \"createdAt\": 1737331540.5, \"item\": {\"id\": \"" + id + "\", \"workflowId\": \""
        + workflowId + "\", \"role\": \"assistant\", \"message\": \"" + text + "\", \"roundNumber\": 1}}";
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("not so after 10 s: " + what);
      Thread.sleep(10);
    }
  }

  /** An event stream that sends {@code events}, then keepalives until {@code done} (or the client leaves). */
  private static final class OpenStream implements MockResponseBody {
    private final String events;
    private final CountDownLatch done;

    OpenStream(String events, CountDownLatch done) {
      this.events = events;
      this.done = done;
    }

    @Override public long getContentLength() {
      return -1;
    }

    @Override public void writeTo(BufferedSink sink) throws IOException {
      sink.writeUtf8(events).flush();
      try {
        while (!done.await(50, TimeUnit.MILLISECONDS)) sink.writeUtf8(": keepalive\n\n").flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
