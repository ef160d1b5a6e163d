package dev.threadline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.BackoffPolicy;
import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotEventListener;
import dev.threadline.InMemoryThreadStore;
import dev.threadline.ReadPolicy;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadState;
import dev.threadline.Workflow;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client is made in the background: a cached thread is shown while it is still being made, and the
 * network read it was asked for starts once it is.
 */
class PendingHttpClientTest {
  private static final String WORKFLOW_ID = "wf_pending";

  @Test void theCachedThreadShowsWhileTheHttpClientIsStillBeingMade() throws Exception {
    CountDownLatch mayMake = new CountDownLatch(1);
    PendingHttpClient http = PendingHttpClient.onDemand("test-http-setup", () -> {
      try {
        mayMake.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new OkHttpClient();
    });
    InMemoryThreadStore store = new InMemoryThreadStore();
    Workflow workflow = Workflow.fromJson("{\"id\":\"" + WORKFLOW_ID + "\",\"name\":\"cached\",\"status\":\"completed\"}");
    ChatItem item = ChatItem.fromJson("{\"type\":\"message\",\"createdAt\":1737331539.5,\"item\":{\"id\":\"msg_1\","
        + "\"role\":\"user\",\"message\":\"from the cache\"}}");
    store.apply(Collections.singletonList(new ThreadChange(workflow, Collections.singletonList(item),
        Collections.emptyList())));

    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().code(503).build());
      server.start();
      CallTracker calls = new CallTracker();
      HttpUrl base = server.url("/");
      ThreadEngine engine = new ThreadEngine(new BackendApi(http, BaseUrl.of(base), Runnable::run, calls, 1 << 20),
          new StreamConnector(http, Duration.ofSeconds(90), 1 << 20, calls),
          onError -> new StoreWriter(store, 10, 10, onError), Runnable::run, BackoffPolicy.defaults(), 10,
          new ChatbotEventListener() { }, new Counters(), calls, null, 30_000, null);
      try {
        BlockingQueue<ThreadState> states = new LinkedBlockingQueue<>();
        engine.observeThread(WORKFLOW_ID, ReadPolicy.CACHE_THEN_NETWORK, states::add);

        ThreadState first = states.poll(10, TimeUnit.SECONDS);
        assertNotNull(first, "the cached thread waited for the HTTP client");
        assertTrue(first.isFromCache());
        assertEquals("from the cache", first.items().get(0).message());
        assertNull(server.takeRequest(100, TimeUnit.MILLISECONDS), "no request before the client is made");

        mayMake.countDown();
        RecordedRequest read = server.takeRequest(10, TimeUnit.SECONDS);
        assertNotNull(read, "the network read asked for before the client was made never started");
        assertEquals(WORKFLOW_ID, read.getUrl().queryParameter("workflowId"));
      } finally {
        engine.close(() -> { });
      }
    }
  }
}
