package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.events;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.sse;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Prompts written while the network is gone: queued in the cache, sent once and in order when it is back. */
class OfflineQueueTest {
  private static final List<String> ROUND_2 = Arrays.asList(message("msg_1", "user", "Hi", 1, "1.5"),
      message("msg_2", "assistant", "Hello", 1, "2.5"), message("msg_3", "user", "More?", 2, "3.5"),
      message("msg_4", "assistant", "Yes.", 2, "4.5"));

  private final MockWebServer server = new MockWebServer();
  private final InMemoryThreadStore store = new InMemoryThreadStore();
  private ChatbotClient client;

  @BeforeEach void start() throws Exception {
    server.start();
    client = client(server.url("/"), store);
  }

  @AfterEach void stop() {
    client.close();
    server.close();
  }

  private static ChatbotClient client(HttpUrl url, ThreadStore store) {
    // A retry waits a whole minute: what a test sees between two tries stays put.
    return ChatbotClient.builder().baseUrl(url).store(store)
        .backoff(BackoffPolicy.defaults().withInitialDelay(Duration.ofMinutes(1)).withRandom(() -> 1.0)).build();
  }

  @Test void aPromptWrittenOfflineWaitsInTheCacheAndIsPostedOnceWhenTheNetworkIsBack() throws Exception {
    client.networkLost();
    SendCall call = client.send(UserInput.builder("More?").workflowId(WF).build());
    RecordingObserver observer = new RecordingObserver();
    call.observe(observer);

    ThreadState queued = observer.await(ThreadState::hasPendingWrites);
    assertEquals(ConnectionState.Kind.OFFLINE, queued.connection().kind());
    // Asked first: the echo shows at once, even while a new client still reads the queue an earlier one left
    // (the prompt is queued only after that), and queuedSends answers after that read and what waited on it.
    assertEquals(List.of(call), client.queuedSends().get(5, TimeUnit.SECONDS));
    assertEquals(List.of("More?"), prompts(store.loadQueuedPrompts()));
    assertTrue(client.flushCache(Duration.ofSeconds(5)));
    assertEquals(0, server.getRequestCount(), "nothing leaves while the network is gone");

    server.enqueue(sse(events(ROUND_2.subList(2, 4))));
    server.enqueue(json(200, threadJson(workflow("completed", 2), ROUND_2)));
    client.networkAvailable();
    ThreadState done = call.result().get(10, TimeUnit.SECONDS);

    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    RecordedRequest post = server.takeRequest();
    assertEquals("POST", post.getMethod());
    assertTrue(post.getBody().utf8().contains("\"prompt\":\"More?\""), post.getBody().utf8());
    assertEquals("GET", server.takeRequest().getMethod());
    assertEquals(2, server.getRequestCount(), "posted once, then re-read once");
    assertEquals(List.of(), store.loadQueuedPrompts());
    assertEquals(List.of(), client.queuedSends().get(5, TimeUnit.SECONDS));
  }

  @Test void aQueuedPromptCancelledBeforeItLeavesIsNeverSent() throws Exception {
    client.networkLost();
    SendCall call = client.send(UserInput.of("Never mind"));
    RecordingObserver observer = new RecordingObserver();
    call.observe(observer);
    observer.await(ThreadState::hasPendingWrites);

    assertTrue(client.queuedSends().get(5, TimeUnit.SECONDS).get(0).cancel().get(5, TimeUnit.SECONDS));

    ExecutionException failed = assertThrows(ExecutionException.class, () -> call.result().get(5, TimeUnit.SECONDS));
    assertInstanceOf(CancellationException.class, failed.getCause());
    assertFalse(call.cancel().get(5, TimeUnit.SECONDS), "cancelled twice");
    assertEquals(List.of(), store.loadQueuedPrompts());
    ThreadState shown = observer.await(state -> !state.hasPendingWrites());
    assertNull(shown.workflowId(), "a new thread's placeholder has no id");
    client.networkAvailable();
    assertTrue(client.flushCache(Duration.ofSeconds(5)));
    assertEquals(0, server.getRequestCount());
  }

  @Test void aPromptWhosePostReachedTheServerIsNeverQueuedAgain() throws Exception {
    client.networkLost();
    SendCall call = client.send(UserInput.builder("More?").workflowId(WF).build());
    // The server reads the whole POST, then the connection breaks before any answer: delivery unknown.
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, false, false))
        .build());
    server.enqueue(json(200, threadJson(workflow("completed", 2), ROUND_2)));
    client.networkAvailable();

    ThreadState done = call.result().get(10, TimeUnit.SECONDS);

    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    assertEquals("POST", server.takeRequest().getMethod());
    assertEquals("GET", server.takeRequest().getMethod(), "recovered by re-reading");
    assertEquals(List.of(), store.loadQueuedPrompts(), "the queue holds only prompts that never left");
    client.networkLost();
    client.networkAvailable();
    assertTrue(client.flushCache(Duration.ofSeconds(5)));
    assertEquals(2, server.getRequestCount(), "the prompt was posted once");
  }

  @Test void aPostThatCouldNotConnectIsKeptInTheQueueWhileItIsRetried() throws Exception {
    server.close();
    SendCall call = client.send(UserInput.of("Anyone?"));
    RecordingObserver observer = new RecordingObserver();
    call.observe(observer);

    observer.await(state -> state.hasPendingWrites() && state.connection().kind() == ConnectionState.Kind.RECONNECTING);
    assertEquals(List.of("Anyone?"), prompts(store.loadQueuedPrompts()));
    assertEquals(List.of(call), client.queuedSends().get(5, TimeUnit.SECONDS));
  }

  @Test void aPromptThatNeverConnectedLeavesTheQueueWhenRecoveryGivesUp() throws Exception {
    HttpUrl url = server.url("/");
    server.close();
    InMemoryThreadStore own = new InMemoryThreadStore();
    ChatbotClient impatient = ChatbotClient.builder().baseUrl(url).store(own).backoff(BackoffPolicy.defaults()
        .withInitialDelay(Duration.ofMillis(10)).withMaxDelay(Duration.ofMillis(20)).withBudget(Duration.ofMillis(100))).build();
    try {
      SendCall call = impatient.send(UserInput.of("Anyone?"));

      ExecutionException failed = assertThrows(ExecutionException.class, () -> call.result().get(10, TimeUnit.SECONDS));

      assertInstanceOf(GaveUpException.class, failed.getCause());
      assertEquals(List.of(), own.loadQueuedPrompts(), "a failed send is not sent by a later client");
      assertEquals(List.of(), impatient.queuedSends().get(5, TimeUnit.SECONDS));
    } finally {
      impatient.close();
    }
  }

  @Test void promptsToSeveralThreadsArePostedInTheOrderWritten() throws Exception {
    // Every POST gets an empty stream (the next may go); re-reads and look-ups find nothing.
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        return request.getMethod().equals("POST") ? sse("") : json(404, "{\"detail\": \"gone\"}");
      }
    });
    client.networkLost();
    SendCall first = client.send(UserInput.builder("first").workflowId("wf_a").build());
    SendCall second = client.send(UserInput.of("second"));
    SendCall third = client.send(UserInput.builder("third").workflowId("wf_b").build());
    assertEquals(List.of(first, second, third), client.queuedSends().get(5, TimeUnit.SECONDS));

    client.networkAvailable();

    List<String> posted = new ArrayList<>();
    while (posted.size() < 3) {
      RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
      if (request == null) break;
      if (request.getMethod().equals("POST")) posted.add(promptOf(request.getBody().utf8()));
    }
    assertEquals(List.of("first", "second", "third"), posted);
  }

  private static String promptOf(String body) {
    for (String prompt : List.of("first", "second", "third")) {
      if (body.contains("\"prompt\":\"" + prompt + "\"")) return prompt;
    }
    return body;
  }

  private static List<String> prompts(List<QueuedPrompt> queued) {
    return queued.stream().map(prompt -> prompt.input().prompt()).collect(Collectors.toList());
  }
}
