package dev.threadline.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.threadline.ChatItem;
import dev.threadline.ChatbotClient;
import dev.threadline.ConnectionState;
import dev.threadline.ThreadListState;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A desktop app closed and opened again shows its threads from the cache file, with the server gone. */
class ClientRestartTest {
  private static final String USER = "{\"type\": \"message\", \"createdAt\": 1737331539.123456000, \"item\": "
      + "{\"id\": \"msg_1\", \"workflowId\": \"wf_1\", \"role\": \"user\", \"message\": \"Hi\", \"roundNumber\": 1, "
      + "\"future\": {\"x\": [1, 2]}}}";
  private static final String ANSWER = "{\"type\": \"message\", \"createdAt\": 1737331540.5, \"item\": "
      + "{\"id\": \"msg_2\", \"workflowId\": \"wf_1\", \"role\": \"assistant\", \"message\": \"Hello\", \"roundNumber\": 1}}";
  private static final String WORKFLOW = "{\"id\": \"wf_1\", \"name\": \"Hi\", \"status\": \"completed\", "
      + "\"currentRound\": 1, \"workflowMode\": \"Chatbot\", \"lastActivity\": 1737331540.5}";

  @TempDir Path cacheDir;

  @Test void aRestartedClientShowsCachedThreadsWhileTheServerIsDown() throws Exception {
    HttpUrl url;
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      url = server.url("/");
      server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
          .body("data: " + USER + "\n\ndata: " + ANSWER + "\n\n").build());
      server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
          .body("{\"workflow\": " + WORKFLOW + ", \"chatData\": {\"items\": [" + USER + ", " + ANSWER + "]}}").build());
      ChatbotClient first = ChatbotClient.builder().baseUrl(url)
          .store(SqliteThreadStore.open(cacheDir, "alice")).build();
      first.send(UserInput.of("Hi")).result().get(10, TimeUnit.SECONDS);
      assertTrue(first.flushCache(Duration.ofSeconds(10)));
      first.close();
    }

    // The server is gone; a new process opens the same cache.
    ChatbotClient second = ChatbotClient.builder().baseUrl(url)
        .store(SqliteThreadStore.open(cacheDir, "alice")).build();
    try {
      List<ThreadState> states = new CopyOnWriteArrayList<>();
      List<ThreadListState> lists = new CopyOnWriteArrayList<>();
      second.observeThread("wf_1", states::add);
      second.observeThreads(lists::add);
      await(() -> !states.isEmpty() && !lists.isEmpty());

      ThreadState cached = states.get(0);
      assertTrue(cached.isFromCache());
      assertEquals("completed", cached.workflow().statusText());
      assertEquals(2, cached.items().size());
      ChatItem user = cached.items().get(0);
      assertEquals("1737331539.123456000", user.createdAt().toString());
      assertEquals("{\"x\":[1,2]}", user.rawField("future"));
      assertEquals("Hello", cached.items().get(1).message());
      assertEquals("wf_1", lists.get(0).threads().get(0).id());
      assertTrue(lists.get(0).isFromCache());
      // With the server down the thread stays shown while recovery waits to retry.
      await(() -> states.get(states.size() - 1).connection().kind() == ConnectionState.Kind.RECONNECTING);
      assertEquals(2, states.get(states.size() - 1).items().size());
    } finally {
      second.close();
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("condition not met in time");
      Thread.sleep(10);
    }
  }
}
