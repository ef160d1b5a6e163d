package dev.threadline;

import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** What the app's network hints do to the thread list. */
class NetworkHintsTest {
  @Test void theThreadListWaitsForTheNetworkAndRefreshesWhenItIsBack() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(json(200, "{\"items\": [" + workflow("completed", 1) + "], \"pagination\": {\"currentPage\": 1, "
          + "\"pageSize\": 50, \"totalItems\": 1, \"totalPages\": 1, \"sort\": [], \"filters\": null}}"));
      ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/")).callbackExecutor(Runnable::run).build();
      try {
        List<ThreadListState> seen = new CopyOnWriteArrayList<>();
        client.networkLost();
        client.observeThreads(seen::add);
        client.refreshThreads();
        assertTrue(client.flushCache(Duration.ofSeconds(5)));

        // Offline: the (empty) cached list shows, and nothing was asked of the server.
        ObserverTest.awaitTrue(() -> !seen.isEmpty());
        assertTrue(seen.stream().allMatch(ThreadListState::isFromCache));

        client.networkAvailable();
        ObserverTest.awaitTrue(() -> seen.stream().anyMatch(state -> !state.isFromCache()));
        assertEquals(1, server.getRequestCount(), "one refresh, once the network was back");
        assertEquals(1, seen.get(seen.size() - 1).threads().size());
      } finally {
        client.close();
      }
    }
  }
}
