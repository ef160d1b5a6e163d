package dev.threadline;

import static dev.threadline.Fixtures.events;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.sse;
import static dev.threadline.Fixtures.texts;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.wire;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** A cache that cannot be written is reported; the thread on screen keeps working. */
class CacheFailureTest {
  /** A store whose disk is full: reads work, every write fails as SQLite's SQLITE_FULL would. */
  static final class FullDiskStore implements ThreadStore {
    private final InMemoryThreadStore held = new InMemoryThreadStore();

    @Override public List<Workflow> loadThreads(int offset, int limit) {
      return held.loadThreads(offset, limit);
    }

    @Override public ChatThread loadThread(String workflowId) {
      return held.loadThread(workflowId);
    }

    @Override public void apply(List<ThreadChange> changes) {
      throw new StoreException("database or disk is full", null);
    }

    @Override public void deleteThread(String workflowId) {
      throw new StoreException("database or disk is full", null);
    }

    @Override public void clear() {
      throw new StoreException("database or disk is full", null);
    }

    @Override public List<QueuedPrompt> loadQueuedPrompts() {
      return held.loadQueuedPrompts();
    }

    @Override public void queuePrompt(QueuedPrompt prompt) {
      throw new StoreException("database or disk is full", null);
    }

    @Override public boolean removeQueuedPrompt(String id) {
      throw new StoreException("database or disk is full", null);
    }

    @Override public void close() {
      held.close();
    }
  }

  @Test void aFullDiskIsReportedToObserversAndTheThreadStillStreams() throws Exception {
    List<String> items = Arrays.asList(message("msg_1", "user", "Hi", 1, "1.5"),
        message("msg_2", "assistant", "Hello", 1, "2.5"));
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(sse(events(items)));
      server.enqueue(json(200, threadJson(workflow("completed", 1), items)));
      ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/")).store(new FullDiskStore()).build();
      RecordingObserver observer = new RecordingObserver();

      SendCall call = client.send(UserInput.of("Hi"));
      call.observe(observer);
      ThreadState done = call.result().get(10, TimeUnit.SECONDS);

      assertEquals(wire(items), texts(done));
      assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
      observer.awaitError(error -> error instanceof StoreException && error.getMessage().contains("disk is full"));
      client.close();
    }
  }
}
