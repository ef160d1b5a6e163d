package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Each observation reads where its {@link ReadPolicy} says: the cache only, the cache then the server, or the server. */
class ReadPolicyTest {
  private static final List<String> SERVER_ITEMS = Arrays.asList(message("msg_1", "user", "Hi", 1, "1.5"),
      message("msg_2", "assistant", "Hello from the server", 1, "2.5"));

  /** A store holding thread {@link Fixtures#WF} with one item, as an earlier client left it. */
  private static InMemoryThreadStore cached() {
    InMemoryThreadStore store = new InMemoryThreadStore();
    store.apply(Collections.singletonList(new ThreadChange(Workflow.fromJson(workflow("completed", 1)),
        Collections.singletonList(ChatItem.fromJson(message("msg_1", "user", "Hi", 1, "1.5"))),
        Collections.emptyList())));
    return store;
  }

  @Test void cacheOnlyShowsTheCachedThreadAndListAndSendsNoRequest() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/")).store(cached()).build();
      try {
        RecordingObserver thread = new RecordingObserver();
        List<ThreadListState> lists = new CopyOnWriteArrayList<>();
        client.observeThread(WF, ReadPolicy.CACHE_ONLY, thread);
        client.observeThreads(ReadPolicy.CACHE_ONLY, lists::add);
        RecordingObserver unknown = new RecordingObserver();
        client.observeThread("wf_not_cached", ReadPolicy.CACHE_ONLY, unknown);

        ThreadState shown = thread.await(ThreadState::isFromCache);
        assertEquals(1, shown.items().size());
        ObserverTest.awaitTrue(() -> !lists.isEmpty());
        assertEquals(WF, lists.get(0).threads().get(0).id());
        assertTrue(unknown.await(state -> true).items().isEmpty(), "a thread not cached shows empty");
        assertTrue(client.flushCache(Duration.ofSeconds(5)));
        assertEquals(0, server.getRequestCount(), "no request left");
      } finally {
        client.close();
      }
    }
  }

  @Test void cacheThenNetworkShowsTheCacheThenTheServersCopy() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(json(200, threadJson(workflow("completed", 1), SERVER_ITEMS)));
      ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/")).store(cached()).build();
      try {
        RecordingObserver observer = new RecordingObserver();
        client.observeThread(WF, ReadPolicy.CACHE_THEN_NETWORK, observer);

        ThreadState fresh = observer.await(state -> !state.isFromCache());
        assertTrue(observer.states.get(0).isFromCache(), "the cache first");
        assertEquals(2, fresh.items().size());
        assertEquals(1, server.getRequestCount());
      } finally {
        client.close();
      }
    }
  }

  @Test void networkOnlyNeverShowsTheCache() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(json(200, threadJson(workflow("completed", 1), SERVER_ITEMS)));
      server.enqueue(json(200, "{\"items\": [" + workflow("completed", 1) + "], \"pagination\": {\"currentPage\": 1, "
          + "\"pageSize\": 50, \"totalItems\": 1, \"totalPages\": 1, \"sort\": [], \"filters\": null}}"));
      ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/")).store(cached()).build();
      try {
        RecordingObserver observer = new RecordingObserver();
        client.observeThread(WF, ReadPolicy.NETWORK_ONLY, observer);
        observer.await(state -> state.isFinished() && state.items().size() == 2);
        List<ThreadListState> lists = new CopyOnWriteArrayList<>();
        client.observeThreads(ReadPolicy.NETWORK_ONLY, lists::add);
        ObserverTest.awaitTrue(() -> !lists.isEmpty());

        assertFalse(observer.states.stream().anyMatch(ThreadState::isFromCache), observer.states.toString());
        assertEquals(2, observer.states.get(0).items().size(), "the first state is the server's");
        assertFalse(lists.stream().anyMatch(ThreadListState::isFromCache), lists.toString());
        assertEquals(2, server.getRequestCount());
      } finally {
        client.close();
      }
    }
  }
}
