package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.texts;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.wire;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** REST reads feed the same model and cache as streams: the client is the cache's only writer. */
class ServerReadsTest {
  private static final List<String> ITEMS = Arrays.asList(message("msg_1", "user", "Hi", 1, "1.5"),
      message("msg_2", "assistant", "Hello", 1, "2.5"));

  private final MockWebServer server = new MockWebServer();
  private final InMemoryThreadStore store = new InMemoryThreadStore();
  private ChatbotClient client;

  @BeforeEach void setUp() throws Exception {
    server.start();
  }

  @AfterEach void tearDown() {
    if (client != null) client.close();
    server.close();
  }

  private ChatbotClient client(int listPageSize) {
    client = ChatbotClient.builder().baseUrl(server.url("/")).callbackExecutor(Runnable::run).store(store)
        .listPageSize(listPageSize).build();
    return client;
  }

  private static String page(List<String> workflows, int current, int pages, int total) {
    return "{\"items\": [" + String.join(", ", workflows) + "], \"pagination\": {\"currentPage\": " + current
        + ", \"pageSize\": 1, \"totalItems\": " + total + ", \"totalPages\": " + pages
        + ", \"sort\": [], \"filters\": null}}";
  }

  private static String workflowWithId(String id) {
    return workflow("completed", 1).replace(WF, id);
  }

  private List<String> cachedItems() {
    return store.loadThread(WF).items().stream().map(ChatItem::toJson).collect(Collectors.toList());
  }

  @Test void getThreadWritesWhatItReadToTheCacheRemovingWhatTheServerNoLongerHas() throws Exception {
    String stray = message("msg_gone", "assistant", "only on a broken stream", 1, "2.0");
    store.apply(Collections.singletonList(new ThreadChange(Workflow.fromJson(workflow("running", 1)),
        Arrays.asList(ChatItem.fromJson(ITEMS.get(0)), ChatItem.fromJson(stray)), Collections.emptyList())));
    server.enqueue(json(200, threadJson(workflow("completed", 1), ITEMS)));

    client(50).getThread(WF);
    assertTrue(client.flushCache(Duration.ofSeconds(5)));

    assertEquals(wire(ITEMS), cachedItems());
    assertTrue(store.loadThread(WF).workflow().status().isFinished());
  }

  @Test void getThreadShowsWhatItReadToTheThreadsObservers() throws Exception {
    server.enqueue(json(200, threadJson(workflow("completed", 1), ITEMS.subList(0, 1))));
    server.enqueue(json(200, threadJson(workflow("completed", 1), ITEMS)));
    RecordingObserver observer = new RecordingObserver();
    client(50).observeThread(WF, observer);
    observer.await(state -> state.items().size() == 1 && !state.isFromCache());

    client.getThreadAsync(WF).get();

    observer.await(state -> texts(state).equals(wire(ITEMS)));
    assertTrue(client.flushCache(Duration.ofSeconds(5)));
    assertEquals(wire(ITEMS), cachedItems());
  }

  @Test void listThreadsWritesItsThreadsToTheCache() throws Exception {
    server.enqueue(json(200, page(Arrays.asList(workflowWithId("wf_a"), workflowWithId("wf_b")), 1, 1, 2)));

    client(50).listThreads(PageRequest.firstPage(50));
    assertTrue(client.flushCache(Duration.ofSeconds(5)));

    List<String> cached = store.loadThreads(0, 10).stream().map(Workflow::id).sorted().collect(Collectors.toList());
    assertEquals(Arrays.asList("wf_a", "wf_b"), cached);
  }

  @Test void theObservedListLoadsFurtherPages() throws Exception {
    server.enqueue(json(200, page(Collections.singletonList(workflowWithId("wf_a")), 1, 2, 2)));
    server.enqueue(json(200, page(Collections.singletonList(workflowWithId("wf_b")), 2, 2, 2)));
    List<ThreadListState> seen = new CopyOnWriteArrayList<>();
    client(1).observeThreads(seen::add);
    ObserverTest.awaitTrue(() -> seen.stream().anyMatch(state -> !state.isFromCache() && state.hasMore()));
    assertEquals(1, seen.get(seen.size() - 1).threads().size());

    client.loadMoreThreads();

    ObserverTest.awaitTrue(() -> seen.get(seen.size() - 1).threads().size() == 2);
    assertFalse(seen.get(seen.size() - 1).hasMore());
    server.takeRequest();
    assertTrue(server.takeRequest().getUrl().queryParameter("pagination").contains("\"page\":2"));
  }
}
