package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.sse;
import static dev.threadline.Fixtures.texts;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.wire;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.HostileServers.Framing;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streams a hostile or sloppy server sends: every line end SSE allows, a byte-order mark, numbers and ids
 * that cost or break, events without end. Each send ends, with the items streamed or a typed error.
 */
class HostileStreamTest {
  private static final String USER = message("msg_1", "user", "What is our refund policy?", 1, "1737331539.123456");
  private static final String ANSWER = message("msg_2", "assistant", "Refunds take 5 days.", 1, "1737331542.02");
  private static final List<String> BOTH = Arrays.asList(USER, ANSWER);

  private final MockWebServer server = new MockWebServer();
  private ChatbotClient client;

  @BeforeEach void setUp() throws Exception {
    server.start();
    client = client(ChatbotClient.builder());
  }

  private ChatbotClient client(ChatbotClient.Builder builder) {
    return builder.baseUrl(server.url("/"))
        .backoff(BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(5)).withMaxDelay(Duration.ofMillis(20))
            .withBudget(Duration.ofMillis(2_000)))
        .build();
  }

  @AfterEach void tearDown() {
    client.close();
    server.close();
  }

  static Stream<Arguments> bodies() {
    String[] bodies = {
        "data: " + USER + "\r\rdata: " + ANSWER + "\r\r",
        "id: 1\revent: message\rretry: 5\rdata: " + USER + "\r\rid: 2\rdata: " + ANSWER + "\r\r",
        "\uFEFFdata: " + USER + "\n\ndata: " + ANSWER + "\n\n",
        "data: " + USER + "\r\n\rdata: " + ANSWER + "\n\r\n",
        ": keepalive\r\rdata: " + USER + "\r\n\r\n: keepalive\rdata: " + ANSWER + "\r\r",
    };
    return Stream.of(bodies).flatMap(body -> Stream.of(Framing.values()).map(framing -> Arguments.of(body, framing)));
  }

  @ParameterizedTest @MethodSource("bodies")
  void everyLineEndAndABomDeliverEveryEventSplitAtEveryByte(String body, Framing framing) throws Exception {
    server.enqueue(HostileServers.byteByByte(body, framing));
    server.enqueue(json(200, threadJson(workflow("completed", 1), BOTH)));

    ThreadState done = client.send(UserInput.of("What is our refund policy?")).result().get(10, TimeUnit.SECONDS);

    assertEquals(wire(BOTH), texts(done));
    // Both items came on the stream: the re-read found them already there.
    assertEquals(2, client.stats().duplicatesAbsorbed());
    assertEquals(2, server.getRequestCount());
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/event-stream", "Text/Event-Stream; charset=utf-8", "text/event-stream;charset=UTF-8",
      "TEXT/EVENT-STREAM ; charset=utf-8", "text/event-stream;"})
  void anEventStreamIsReadInAnySpellingOfItsType(String contentType) throws Exception {
    server.enqueue(sse(Fixtures.events(BOTH)).newBuilder().setHeader("Content-Type", contentType).build());
    server.enqueue(json(200, threadJson(workflow("completed", 1), BOTH)));

    ThreadState done = client.send(UserInput.of("What is our refund policy?")).result().get(10, TimeUnit.SECONDS);

    assertEquals(wire(BOTH), texts(done));
    // Both items came on the stream: the re-read found them already there.
    assertEquals(2, client.stats().duplicatesAbsorbed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "text/event-streams", "text/html; charset=utf-8", "event-stream",
      "text/event-stream-x; charset=utf-8", "text/event", ""})
  void anAnswerOfAnotherTypeIsAProtocolErrorAndTheThreadIsReRead(String contentType) throws Exception {
    MockResponse.Builder answer = sse(Fixtures.events(BOTH)).newBuilder();
    if (contentType.isEmpty()) {
      answer.removeHeader("Content-Type");
    } else {
      answer.setHeader("Content-Type", contentType);
    }
    server.enqueue(answer.build());
    server.enqueue(json(200, threadJson(workflow("completed", 1), BOTH)));
    RecordingObserver observer = new RecordingObserver();
    SendCall call = client.send(UserInput.builder("What is our refund policy?").workflowId(WF).build());
    call.observe(observer);

    ThreadState done = call.result().get(10, TimeUnit.SECONDS);

    // Nothing was taken from the answer: the items are the re-read's.
    assertEquals(wire(BOTH), texts(done));
    assertEquals(0, client.stats().duplicatesAbsorbed());
    String named = contentType.isEmpty() ? "null" : contentType;
    observer.awaitError(e -> e instanceof MalformedResponseException
        && e.getMessage().equals("the answer is not an event stream: " + named));
  }

  @Test void anEventOverTheSizeLimitFailsTheStreamAndTheThreadIsReRead() throws Exception {
    client.close();
    client = client(ChatbotClient.builder().maxEventSize(64 * 1024));
    String huge = message("msg_2", "assistant", "x".repeat(1_000_000), 1, "1737331542.02");
    server.enqueue(sse("data: " + USER + "\n\ndata: " + huge + "\n\n"));
    server.enqueue(json(200, threadJson(workflow("completed", 1), BOTH)));
    RecordingObserver observer = new RecordingObserver();
    SendCall call = client.send(UserInput.of("What is our refund policy?"));
    call.observe(observer);

    ThreadState done = call.result().get(10, TimeUnit.SECONDS);

    assertEquals(wire(BOTH), texts(done));
    observer.awaitError(e -> e instanceof MalformedResponseException && e.getMessage().contains("larger than 65536"));
  }

  @Test void anEndlessLineAndAnEndlessReReadEndTheSendWithAProtocolError() throws Exception {
    client.close();
    client = client(ChatbotClient.builder().maxEventSize(64 * 1024).maxResponseSize(256 * 1024));
    server.enqueue(HostileServers.endless("text/event-stream", "data: " + USER + "\n\ndata: ", "a"));
    for (int i = 0; i < 200; i++) server.enqueue(HostileServers.endless("application/json",
        "{\"chatData\": {\"items\": [{\"type\": \"", "a"));

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.send(UserInput.of("What is our refund policy?")).result().get(20, TimeUnit.SECONDS));

    // Every re-read is too large too: recovery spends its budget on them and gives up with that cause.
    GaveUpException gaveUp = assertInstanceOf(GaveUpException.class, failure.getCause());
    MalformedResponseException cause = assertInstanceOf(MalformedResponseException.class, gaveUp.lastCause());
    assertTrue(cause.getMessage().contains("larger than"), cause.getMessage());
  }

  @Test void aReReadThatCannotBeUnderstoodEndsInATypedErrorNotInResyncingForEver() throws Exception {
    server.enqueue(sse(Fixtures.events(Arrays.asList(USER))));
    String deep = "{\"workflow\": " + "[".repeat(300) + "]".repeat(300) + "}";
    String wrongTypes = "{\"workflow\": {\"id\": 5, \"status\": []}, \"chatData\": {\"items\": [{\"type\": 1, "
        + "\"createdAt\": \"x\", \"item\": 3}]}}";
    for (int i = 0; i < 400; i++) server.enqueue(json(200, i % 2 == 0 ? deep : wrongTypes));

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.send(UserInput.of("What is our refund policy?")).result().get(10, TimeUnit.SECONDS));

    GaveUpException gaveUp = assertInstanceOf(GaveUpException.class, failure.getCause());
    assertInstanceOf(MalformedResponseException.class, gaveUp.lastCause());
  }

  @Test void numbersBeyondAnyFloatAreProtocolErrorsAndExactLiteralsAreKept() throws Exception {
    String tiny = message("msg_3", "assistant", "tiny", 1, "1e-99999999");
    String notANumber = message("msg_4", "assistant", "nan", 1, "NaN");
    String infinite = message("msg_5", "assistant", "inf", 1, "1e400");
    String exact = message("msg_2", "assistant", "Refunds take 5 days.", 1, "1737331542.020000000000001");
    server.enqueue(sse(Fixtures.events(Arrays.asList(USER, tiny, notANumber, infinite, exact))));
    server.enqueue(json(200, threadJson(workflow("completed", 1), Arrays.asList(USER, exact))));
    RecordingObserver observer = new RecordingObserver();
    SendCall call = client.send(UserInput.of("What is our refund policy?"));
    call.observe(observer);

    ThreadState done = call.result().get(10, TimeUnit.SECONDS);

    assertEquals("1737331542.020000000000001", done.items().get(1).createdAt().toString());
    observer.awaitError(e -> e instanceof MalformedResponseException && e.getMessage().contains("exponent out of range"));
    observer.awaitError(e -> e instanceof MalformedResponseException && e.getMessage().contains("NaN"));
    observer.awaitError(e -> e instanceof MalformedResponseException && e.getMessage().contains("1e400"));
    assertEquals(3, observer.errors.size(), observer.errors.toString());
    assertThrows(IllegalArgumentException.class, () -> EpochSeconds.parse("1e-999999999"));
    assertEquals("1.5E+300", EpochSeconds.parse("1.5E+300").toString());
  }

  @Test void itemsNamingAnUnusableThreadAreSkippedWithAWarning() throws Exception {
    StringBuilder body = new StringBuilder();
    for (String id : new String[] {"", " ", ".", "..", "%2e%2e"}) {
      body.append("data: ").append(USER.replace("\"workflowId\": \"" + WF + "\"", "\"workflowId\": \"" + id + "\""))
          .append("\n\n");
    }
    body.append(Fixtures.events(BOTH));
    server.enqueue(sse(body.toString()));
    server.enqueue(json(200, threadJson(workflow("completed", 1), BOTH)));
    RecordingObserver observer = new RecordingObserver();
    SendCall call = client.send(UserInput.of("What is our refund policy?"));
    call.observe(observer);

    ThreadState done = call.result().get(10, TimeUnit.SECONDS);

    assertEquals(WF, call.workflowId().get(1, TimeUnit.SECONDS));
    assertEquals(wire(BOTH), texts(done));
    observer.awaitError(e -> e.getMessage().contains("unusable workflow id \"%2e%2e\""));
    assertEquals(5, observer.errors.stream().filter(e -> e.getMessage().contains("unusable")).count());
  }

  @Test void deeplyNestedItemsAreKeptComparedAndReplaced() throws Exception {
    // 252 levels inside the item, 254 with the event's envelope: as deep as Moshi reads.
    String nested = "[".repeat(252) + "1.50" + "]".repeat(252);
    String deep = "{\"type\": \"log\", \"createdAt\": 1737331540.5, \"item\": {\"id\": \"deep\", \"workflowId\": \""
        + WF + "\", \"roundNumber\": 1, \"x\": " + nested + "}}";
    String respelled = deep.replace(": ", ":");
    List<String> all = Arrays.asList(USER, respelled, ANSWER);
    server.enqueue(sse(Fixtures.events(Arrays.asList(USER, deep, deep, ANSWER))));
    server.enqueue(json(200, threadJson(workflow("completed", 1), all)));

    ThreadState done = client.send(UserInput.of("What is our refund policy?")).result().get(10, TimeUnit.SECONDS);

    assertEquals(3, done.items().size());
    assertEquals(ChatItem.fromJson(respelled), done.items().get(1));
    assertEquals(ChatItem.fromJson(deep).hashCode(), ChatItem.fromJson(respelled).hashCode());
    // The second copy on the stream, and all three in the re-read, were recognised as the same items.
    assertEquals(4, client.stats().duplicatesAbsorbed());
  }

  @Test void continuingAThreadWhoseIdCannotBeAddressedIsRefusedAtOnce() {
    for (String id : new String[] {"", " ", ".", "..", "%2e%2e"}) {
      assertThrows(IllegalArgumentException.class, () -> client.send(UserInput.builder("Hi").workflowId(id).build()),
          id);
    }
    assertEquals(0, server.getRequestCount());
  }

  @Test void closeEndsAStreamThatNeverStopsAtOnce() throws Exception {
    server.enqueue(HostileServers.endless("text/event-stream", "data: " + USER + "\n\n", ": keepalive\r\r"));
    RecordingObserver observer = new RecordingObserver();
    SendCall call = client.send(UserInput.of("What is our refund policy?"));
    call.observe(observer);
    observer.await(state -> state.items().stream().anyMatch(item -> "msg_1".equals(item.id())));

    client.close();

    // While it reads a stream, OkHttp names the thread after the call's URL.
    Threads.awaitNone("OkHttp " + server.url("/"), Duration.ofSeconds(10));
    Threads.awaitNone("threadline-stream-", Duration.ofSeconds(10));
  }
}
