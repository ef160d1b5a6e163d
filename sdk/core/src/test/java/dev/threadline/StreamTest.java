package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.events;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.log;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.sse;
import static dev.threadline.Fixtures.texts;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.wire;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sending a prompt and reading its stream, against a real local HTTP server. */
class StreamTest {
  private final MockWebServer server = new MockWebServer();
  private ChatbotClient client;

  @BeforeEach void setUp() throws Exception {
    server.start();
    client = ChatbotClient.builder()
        .baseUrl(server.url("/"))
        .credentials(CredentialsProvider.bearer("secret-token"))
        .build();
  }

  @AfterEach void tearDown() {
    client.close();
    server.close();
  }

  private static final String USER = message("msg_1", "user", "What is our refund policy?", 1, "1737331539.123456");
  private static final String LOG_20 = log("log_1", 0.2, 1, "1737331539.301");
  private static final String LOG_90 = log("log_1", 0.9, 1, "1737331539.301");
  private static final String ANSWER = message("msg_2", "assistant", "Refunds take 5 days.", 1, "1737331542.02");

  @Test void snapshotThenLiveEventsMergeIntoOneThreadWithoutTheBackendsDuplicates() throws Exception {
    // The backend's quirk: the user message is in the snapshot and arrives again live.
    server.enqueue(sse(events(Arrays.asList(USER, USER, LOG_20)) + ": keepalive\n\n"
        + events(Arrays.asList(LOG_90, ANSWER))));
    List<String> serverItems = Arrays.asList(USER, LOG_90, ANSWER);
    server.enqueue(json(200, threadJson(workflow("completed", 1), serverItems)));

    SendCall call = client.send(UserInput.of("What is our refund policy?"));
    RecordingObserver observer = new RecordingObserver();
    call.observe(observer);
    ThreadState done = call.result().get(10, TimeUnit.SECONDS);

    assertEquals(WF, call.workflowId().get(1, TimeUnit.SECONDS));
    assertEquals(wire(serverItems), texts(done));
    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    assertFalse(done.hasPendingWrites());
    assertFalse(done.isFromCache());
    assertEquals("completed", done.workflow().statusText());
    // Every state the observer saw held each identity at most once.
    for (ThreadState state : observer.states) {
      long distinct = state.items().stream().map(ChatItem::identityKey).distinct().count();
      assertEquals(state.items().size(), distinct, "duplicate in " + state);
    }

    RecordedRequest post = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals("POST", post.getMethod());
    assertEquals("/api/chatbot/start/stream", post.getTarget());
    assertEquals("Bearer secret-token", post.getHeaders().get("Authorization"));
    assertEquals("text/event-stream", post.getHeaders().get("Accept"));
    // Unset language and workflow id are left out: the backend's model refuses null for userLanguage.
    assertEquals("{\"prompt\":\"What is our refund policy?\",\"listFileId\":[]}", post.getBody().utf8());
    RecordedRequest reread = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals("GET", reread.getMethod());
    assertEquals("/api/chatbot/threads?workflowId=" + WF, reread.getTarget());
    assertEquals(2, server.getRequestCount());
  }

  @Test void thePromptShowsAtOnceAsAPendingItemUntilTheServerConfirmsIt() throws Exception {
    server.enqueue(sse(events(Arrays.asList(USER, ANSWER))));
    server.enqueue(json(200, threadJson(workflow("completed", 1), Arrays.asList(USER, ANSWER))));

    // Observers on the engine's own thread: a slow callback thread would get conflated states (the latest
    // only), so the state shown first would depend on how fast that thread started.
    ChatbotClient direct = client.newBuilder().callbackExecutor(Runnable::run).build();
    RecordingObserver observer = new RecordingObserver();
    SendCall call = direct.send(UserInput.of("What is our refund policy?"));
    call.observe(observer);
    ThreadState first = observer.await(state -> !state.items().isEmpty());
    call.result().get(10, TimeUnit.SECONDS);

    assertTrue(first.hasPendingWrites());
    ChatItem echo = first.items().get(first.items().size() - 1);
    assertTrue(echo.isPending());
    assertEquals("What is our refund policy?", echo.message());
    ThreadState last = observer.awaitKind(ConnectionState.Kind.COMPLETED);
    assertEquals(1, last.items().stream().filter(ChatItem::isUserMessage).count());
    assertFalse(last.hasPendingWrites());
    direct.close();
  }

  @Test void continuingAThreadPostsItsIdAndKeepsEarlierRounds() throws Exception {
    String round2User = message("msg_3", "user", "And for services?", 2, "1737331600.5");
    String round2Answer = message("msg_4", "assistant", "Services: 14 days.", 2, "1737331601.5");
    server.enqueue(json(200, threadJson(workflow("completed", 1), Arrays.asList(USER, ANSWER))));
    RecordingObserver observer = new RecordingObserver();
    client.observeThread(WF, observer);
    observer.awaitKind(ConnectionState.Kind.COMPLETED);

    // The continued round's opening snapshot holds only round 2: it must not remove round 1.
    server.enqueue(sse(events(Arrays.asList(round2User, round2Answer))));
    List<String> all = Arrays.asList(USER, ANSWER, round2User, round2Answer);
    server.enqueue(json(200, threadJson(workflow("completed", 2), all)));
    ThreadState done = client.send(UserInput.builder("And for services?").workflowId(WF).build())
        .result().get(10, TimeUnit.SECONDS);

    assertEquals(wire(all), texts(done));
    server.takeRequest();
    RecordedRequest post = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals("/api/chatbot/start/stream?workflowId=" + WF, post.getTarget());
    assertTrue(post.getBody().utf8().contains("\"workflowId\":\"" + WF + "\""));
  }

  @Test void malformedLinesAndUnknownTypesAreReportedOrKeptAndTheStreamGoesOn() throws Exception {
    String chart = "{\"type\": \"chart\", \"createdAt\": 1737331540.5, \"item\": {\"id\": \"c1\", "
        + "\"workflowId\": \"" + WF + "\", \"series\": [1, 2, 3], \"roundNumber\": 1}}";
    String body = events(Arrays.asList(USER, "{not json", "{\"type\": \"message\", \"item\": {}}", chart, ANSWER));
    server.enqueue(sse(body));
    List<String> serverItems = Arrays.asList(USER, chart, ANSWER);
    server.enqueue(json(200, threadJson(workflow("completed", 1), serverItems)));

    RecordingObserver observer = new RecordingObserver();
    SendCall call = client.send(UserInput.of("What is our refund policy?"));
    call.observe(observer);
    ThreadState done = call.result().get(10, TimeUnit.SECONDS);

    assertEquals(wire(serverItems), texts(done));
    assertEquals("[1,2,3]", done.items().get(1).rawField("series"));
    observer.awaitError(e -> e instanceof MalformedResponseException && e.getMessage().contains("{not json"));
    observer.awaitError(e -> e instanceof MalformedResponseException && e.getMessage().contains("createdAt"));
  }

  @Test void crlfLineEndingsNonAsciiTextAndAOneMegabyteMessageArriveIntact() throws Exception {
    StringBuilder big = new StringBuilder();
    while (big.length() < 1_000_000) big.append("Grüße, 你好, 👋 ");
    String bigAnswer = message("msg_2", "assistant", big.toString(), 1, "1737331542.02");
    String body = ("data: " + USER + "\r\n\r\n: keepalive\r\n\r\ndata: " + bigAnswer + "\r\n\r\n");
    server.enqueue(sse(body));
    server.enqueue(json(200, threadJson(workflow("completed", 1), Arrays.asList(USER, bigAnswer))));

    ThreadState done = client.send(UserInput.of("What is our refund policy?")).result().get(10, TimeUnit.SECONDS);

    assertEquals(2, done.items().size());
    assertEquals(big.toString(), done.items().get(1).message());
  }

  @Test void aStreamThatDropsIsRecoveredByReReadingTheThreadNotByPostingAgain() throws Exception {
    server.enqueue(Fixtures.sseThenDrop(events(Arrays.asList(USER, LOG_20))));
    List<String> serverItems = Arrays.asList(USER, LOG_90, ANSWER);
    server.enqueue(json(200, threadJson(workflow("completed", 1), serverItems)));

    ThreadState done = client.send(UserInput.of("What is our refund policy?")).result().get(10, TimeUnit.SECONDS);

    assertEquals(wire(serverItems), texts(done));
    assertEquals("POST", server.takeRequest().getMethod());
    assertEquals("GET", server.takeRequest().getMethod());
    assertEquals(2, server.getRequestCount());
  }

  @Test void aRefusedSendFailsWithTheServersDetailAndRemovesTheEcho() throws Exception {
    server.enqueue(json(422, "{\"detail\": [{\"loc\": [\"body\", \"prompt\"], \"msg\": \"field required\", "
        + "\"type\": \"value_error.missing\"}]}"));
    RecordingObserver observer = new RecordingObserver();
    SendCall call = client.send(UserInput.of(""));
    call.observe(observer);

    Exception failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> call.result().get(10, TimeUnit.SECONDS));
    BadRequestException bad = assertInstanceOf(BadRequestException.class, failure.getCause());
    assertEquals(422, bad.statusCode());
    assertEquals("body.prompt: field required", bad.detail());
    ThreadState failed = observer.awaitKind(ConnectionState.Kind.FAILED);
    assertTrue(failed.items().isEmpty());
    assertEquals(1, server.getRequestCount());
  }
}
