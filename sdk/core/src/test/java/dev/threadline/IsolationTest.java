package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.events;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.sseThenDrop;
import static dev.threadline.Fixtures.texts;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.wire;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing is swallowed: a listener or observer that throws is reported, and the thread's recovery and cache
 * writes go on. Callbacks run directly on the engine thread ({@code Runnable::run}), the case where a throw
 * would otherwise unwind the engine's own work.
 */
class IsolationTest {
  private static final List<String> ITEMS = Arrays.asList(message("msg_u", "user", "Hi", 1, "1.5"),
      message("msg_a", "assistant", "Hello", 1, "2.5"), message("msg_b", "assistant", "again", 1, "3.5"));

  private final MockWebServer server = new MockWebServer();
  private final InMemoryThreadStore store = new InMemoryThreadStore();
  private final List<CallbackException> unexpected = new CopyOnWriteArrayList<>();
  private ChatbotClient client;

  @BeforeEach void setUp() throws Exception {
    server.start();
    // The stream drops after the first item: recovery must re-read the thread to finish the round.
    server.enqueue(sseThenDrop(events(ITEMS.subList(0, 1))));
    server.enqueue(json(200, threadJson(workflow("completed", 1), ITEMS)));
  }

  @AfterEach void tearDown() {
    if (client != null) client.close();
    server.close();
  }

  /** A listener that throws from every connection event, and records what it is told of that. */
  private final class ThrowingListener extends ChatbotEventListener {
    @Override public void streamOpened(RoundRef round) {
      throw new IllegalStateException("listener bug: streamOpened");
    }

    @Override public void streamEnded(RoundRef round, Throwable cause) {
      throw new IllegalStateException("listener bug: streamEnded");
    }

    @Override public void resyncStarted(RoundRef round) {
      throw new IllegalStateException("listener bug: resyncStarted");
    }

    @Override public void resyncFinished(RoundRef round, int duplicates) {
      throw new IllegalStateException("listener bug: resyncFinished");
    }

    @Override public void unexpectedError(RoundRef round, CallbackException error) {
      unexpected.add(error);
    }
  }

  /** A listener that only records what it is told of. */
  private final class RecordingListener extends ChatbotEventListener {
    @Override public void unexpectedError(RoundRef round, CallbackException error) {
      unexpected.add(error);
    }
  }

  private ThreadState sendAndAwait(ChatbotEventListener listener, ThreadObserver observer) throws Exception {
    client = ChatbotClient.builder().baseUrl(server.url("/")).callbackExecutor(Runnable::run).store(store)
        .eventListener(listener).build();
    SendCall call = client.send(UserInput.of("Hi"));
    call.observe(observer);
    ThreadState done = call.result().get(10, TimeUnit.SECONDS);
    assertTrue(client.flushCache(Duration.ofSeconds(5)));
    return done;
  }

  private void assertRecoveredAndCached(ThreadState done) {
    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    assertEquals(wire(ITEMS), texts(done));
    ChatThread cached = store.loadThread(WF);
    assertEquals(wire(ITEMS), cached.items().stream().map(ChatItem::toJson).collect(java.util.stream.Collectors.toList()));
    assertTrue(cached.workflow().status().isFinished());
  }

  private static boolean causedBy(ChatbotException error, String message) {
    return error instanceof CallbackException && error.getCause().getMessage().equals(message);
  }

  @Test void aThrowingListenerLeavesRecoveryAndCacheIntactAndIsReported() throws Exception {
    RecordingObserver observer = new RecordingObserver();

    ThreadState done = sendAndAwait(new ThrowingListener(), observer);

    assertRecoveredAndCached(done);
    // streamEnded threw where the recovery decision is taken; the re-read happened all the same.
    assertEquals(1, server.getRequestCount() - 1, "one re-read after the POST");
    observer.awaitError(error -> causedBy(error, "listener bug: streamEnded"));
    observer.awaitError(error -> causedBy(error, "listener bug: resyncFinished"));
    assertTrue(unexpected.stream().anyMatch(error -> error.getCause().getMessage().equals("listener bug: streamEnded")));
  }

  @Test void aThrowingObserverLeavesRecoveryAndCacheIntactAndKeepsReceivingStates() throws Exception {
    RecordingObserver recorded = new RecordingObserver();
    ThreadObserver throwing = new ThreadObserver() {
      @Override public void onChanged(ThreadState state) {
        recorded.onChanged(state);
        throw new IllegalStateException("observer bug");
      }

      @Override public void onError(ChatbotException error) {
        recorded.onError(error);
      }
    };

    ThreadState done = sendAndAwait(new RecordingListener(), throwing);

    assertRecoveredAndCached(done);
    recorded.awaitKind(ConnectionState.Kind.COMPLETED);
    assertTrue(recorded.states.size() > 2, "states after the first throw: " + recorded.states);
    recorded.awaitError(error -> causedBy(error, "observer bug"));
    assertFalse(unexpected.isEmpty());
    assertTrue(unexpected.stream().allMatch(error -> error.getCause().getMessage().equals("observer bug")));
  }

  @Test void anObserverWhoseOnErrorThrowsTooIsReportedToTheListener() throws Exception {
    ThreadObserver throwing = new ThreadObserver() {
      @Override public void onChanged(ThreadState state) {
        throw new IllegalStateException("observer bug");
      }

      @Override public void onError(ChatbotException error) {
        throw new IllegalStateException("onError bug");
      }
    };

    ThreadState done = sendAndAwait(new RecordingListener(), throwing);

    assertRecoveredAndCached(done);
    assertTrue(unexpected.stream().anyMatch(error -> error.getCause().getMessage().equals("observer bug")));
    assertTrue(unexpected.stream().anyMatch(error -> error.getCause().getMessage().equals("onError bug")));
  }

  @Test void aThrowingListObserverIsReportedAndTheListStillLoads() throws Exception {
    server.close();
    try (MockWebServer lists = new MockWebServer()) {
      lists.start();
      lists.enqueue(json(200, "{\"items\": [" + workflow("completed", 1) + "], \"pagination\": {\"currentPage\": 1, "
          + "\"pageSize\": 50, \"totalItems\": 1, \"totalPages\": 1, \"sort\": [], \"filters\": null}}"));
      client = ChatbotClient.builder().baseUrl(lists.url("/")).callbackExecutor(Runnable::run).store(store)
          .eventListener(new RecordingListener()).build();
      List<ThreadListState> seen = new CopyOnWriteArrayList<>();
      client.observeThreads(state -> {
        seen.add(state);
        throw new IllegalStateException("list observer bug");
      });
      ObserverTest.awaitTrue(() -> seen.stream().anyMatch(state -> !state.isFromCache()));
      assertTrue(client.flushCache(Duration.ofSeconds(5)));
      assertEquals(1, store.loadThreads(0, 10).size());
      ObserverTest.awaitTrue(() -> !unexpected.isEmpty());
    }
  }
}
