package dev.threadline.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.BackoffPolicy;
import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotException;
import dev.threadline.InMemoryThreadStore;
import dev.threadline.MalformedResponseException;
import dev.threadline.SendCall;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadState;
import dev.threadline.ThreadStore;
import dev.threadline.UserInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever workflow the server's items and re-reads name, the cache ends holding the thread observers were
 * last shown: items of another workflow are shown nowhere and stored nowhere, and each is reported.
 */
class CacheMatchesScreenTest {
  @TempDir Path cacheDir;

  static Stream<String> stores() {
    return Stream.of("sqlite", "in-memory");
  }

  private ThreadStore open(String kind) {
    return kind.equals("sqlite") ? SqliteThreadStore.open(cacheDir, "alice") : new InMemoryThreadStore();
  }

  @ParameterizedTest @MethodSource("stores")
  void aReReadOfAnotherWorkflowIsRefusedAndTheNextReReadIsStored(String store) throws Exception {
    String reply = message("msg_2", "wf_1", "assistant", "Hello", "1737331540.5");
    String otherReply = message("msg_2", "wf_1", "assistant", "Hello from the other thread", "1737331540.5");
    Outcome outcome = run(store,
        sse(events(USER, reply)),
        json(thread(workflow("wf_2"), USER, otherReply)),
        json(thread(workflow("wf_1"), USER, reply)));
    outcome.assertCacheMatchesScreen();
    assertEquals(List.of("Hi", "Hello"), outcome.texts());
    assertEquals("wf_1", outcome.shown.workflow().id());
    assertTrue(outcome.warnedAbout("wf_2"), outcome.errors.toString());
  }

  static Stream<Arguments> storesAndSources() {
    return stores().flatMap(store -> Stream.of(Arguments.of(store, true), Arguments.of(store, false)));
  }

  @ParameterizedTest(name = "{0}, on the stream: {1}") @MethodSource("storesAndSources")
  void itemsOfAnotherWorkflowAreNeitherShownNorStored(String store, boolean onTheStream) throws Exception {
    String foreign = message("msg_9", "wf_2", "assistant", "Not yours", "1737331540.0");
    String reply = message("msg_2", "wf_1", "assistant", "Hello", "1737331540.5");
    Outcome outcome = run(store,
        sse(onTheStream ? events(USER, foreign, reply) : events(USER, reply)),
        json(thread(workflow("wf_1"), USER, foreign, reply)));
    outcome.assertCacheMatchesScreen();
    assertEquals(List.of("Hi", "Hello"), outcome.texts());
    assertTrue(outcome.warnedAbout("wf_2"), outcome.errors.toString());
  }

  @ParameterizedTest @MethodSource("stores")
  void itemsBeforeTheThreadsIdIsKnownAreCachedWithIt(String store) throws Exception {
    String unnamed = "{\"type\": \"log\", \"createdAt\": 1737331539.0, \"item\": {\"id\": \"log_1\", "
        + "\"message\": \"Starting\", \"roundNumber\": 1}}";
    String reply = message("msg_2", "wf_1", "assistant", "Hello", "1737331540.5");
    Outcome outcome = run(store,
        sse(events(unnamed, USER, reply)),
        json(thread(workflow("wf_1"), unnamed, USER, reply)));
    outcome.assertCacheMatchesScreen();
    assertEquals(List.of("Starting", "Hi", "Hello"), outcome.texts());
  }

  // ---- the run

  private Outcome run(String kind, MockResponse... responses) throws Exception {
    ThreadStore store = open(kind);
    try (MockWebServer server = new MockWebServer()) {
      for (MockResponse response : responses) server.enqueue(response);
      server.start();
      List<ThreadState> states = new CopyOnWriteArrayList<>();
      List<ChatbotException> errors = new CopyOnWriteArrayList<>();
      ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/")).store(store)
          .callbackExecutor(Runnable::run)
          .backoff(BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(10)).withMaxDelay(Duration.ofMillis(20)))
          .build();
      try {
        ThreadObserver observer = new ThreadObserver() {
          @Override public void onChanged(ThreadState state) {
            states.add(state);
          }

          @Override public void onError(ChatbotException error) {
            errors.add(error);
          }
        };
        SendCall call = client.send(UserInput.of("Hi"));
        call.observe(observer);
        ThreadState finished = call.result().get(10, TimeUnit.SECONDS);
        assertTrue(client.flushCache(Duration.ofSeconds(10)));
        ThreadState shown = states.get(states.size() - 1);
        assertEquals(finished, shown);
        return new Outcome(shown, store.loadThread(shown.workflowId()), errors);
      } finally {
        client.close();
      }
    }
  }

  private static final class Outcome {
    final ThreadState shown;
    final ChatThread cached;
    final List<ChatbotException> errors;

    Outcome(ThreadState shown, ChatThread cached, List<ChatbotException> errors) {
      this.shown = shown;
      this.cached = cached;
      this.errors = errors;
    }

    void assertCacheMatchesScreen() {
      assertEquals(shown.workflow().json(), cached.workflow().json());
      assertEquals(json(shown.items()), json(cached.items()));
    }

    List<String> texts() {
      return shown.items().stream().map(ChatItem::message).collect(Collectors.toList());
    }

    boolean warnedAbout(String otherWorkflowId) {
      return errors.stream().anyMatch(e -> e instanceof MalformedResponseException && e.getMessage().contains(otherWorkflowId));
    }

    private static List<String> json(List<ChatItem> items) {
      return items.stream().map(ChatItem::toJson).collect(Collectors.toList());
    }
  }

  // ---- wire format

  private static final String USER = message("msg_1", "wf_1", "user", "Hi", "1737331539.5");

  private static String message(String id, String workflowId, String role, String text, String createdAt) {
    return "{\"type\": \"message\", \"createdAt\": " + createdAt + ", \"item\": {\"id\": \"" + id
        + "\", \"workflowId\": \"" + workflowId + "\", \"role\": \"" + role + "\", \"message\": \"" + text
        + "\", \"roundNumber\": 1}}";
  }

  private static String workflow(String id) {
    return "{\"id\": \"" + id + "\", \"name\": \"Hi\", \"status\": \"completed\", \"currentRound\": 1, "
        + "\"workflowMode\": \"Chatbot\", \"lastActivity\": 1737331541.5}";
  }

  private static String thread(String workflow, String... items) {
    return "{\"workflow\": " + workflow + ", \"chatData\": {\"items\": [" + String.join(", ", items) + "]}}";
  }

  private static String events(String... items) {
    return Stream.of(items).map(item -> "data: " + item + "\n\n").collect(Collectors.joining());
  }

  private static MockResponse sse(String body) {
    return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body).build();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body).build();
  }
}
