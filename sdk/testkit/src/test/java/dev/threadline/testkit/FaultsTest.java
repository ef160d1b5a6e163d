package dev.threadline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each fault mode happens as documented, and the workflow keeps running server-side. */
class FaultsTest {
  final FakeChatbotServer server = FakeChatbotServer.builder().token("t", "alice").seed(11)
      .keepaliveInterval(Duration.ofMillis(50)).start();
  final TestHttp http = new TestHttp(server, "t");

  @AfterEach void close() {
    server.close();
  }

  /** Reads events until the body ends or fails; the failure, if any, is the last element's cause. */
  private static final class Read {
    final List<String> events = new ArrayList<>();
    IOException failure;
  }

  private Read readAll(Response response) {
    Read read = new Read();
    BufferedSource source = response.body().source();
    try {
      for (String event; (event = TestHttp.nextEvent(source)) != null; ) read.events.add(event);
    } catch (IOException e) {
      read.failure = e;
    }
    return read;
  }

  private Read stream(String prompt) throws IOException {
    try (Response response = http.post(TestHttp.START, TestHttp.body(prompt, null))) {
      assertEquals(200, response.code());
      return readAll(response);
    }
  }

  private static String workflowId(List<String> events) {
    return StreamWireFormatTest.firstItem(events.get(0)).workflowId();
  }

  private static List<String> dataEvents(List<String> events) {
    List<String> data = new ArrayList<>();
    for (String event : events) if (event.startsWith("data: ")) data.add(event);
    return data;
  }

  @Test void resetDropsTheConnectionAfterNEventsAndTheWorkflowRunsOn() throws Exception {
    server.faults().nextStreams(1, Fault.resetAfterEvents(3));
    Read read = stream("Reset me");
    assertEquals(3, dataEvents(read.events).size(), read.events.toString());
    assertTrue(read.failure != null, "the body fails instead of ending");
    String workflowId = workflowId(read.events);
    server.awaitRoundFinished(workflowId);
    ChatThread truth = server.truth(workflowId);
    assertEquals("completed", truth.workflow().statusText());
    assertEquals(6, truth.items().size());
  }

  @Test void resetAfterZeroEventsDropsRightAfterTheHeaders() throws Exception {
    server.faults().nextStreams(1, Fault.resetAfterEvents(0));
    Read read = stream("Drop at once");
    assertEquals(List.of(), read.events);
    assertTrue(read.failure != null);
    server.awaitIdle();
    assertEquals(1, server.threadsOf("alice").size(), "the round ran although its stream was lost");
  }

  @Test void cleanCloseEndsTheBodyEarlyWithoutError() throws Exception {
    server.faults().nextStreams(1, Fault.cleanCloseAfterEvents(2));
    Read read = stream("Close early");
    assertNull(read.failure);
    assertEquals(2, read.events.size());
    server.awaitRoundFinished(workflowId(read.events));
  }

  @Test void stallSendsNothingMoreNotEvenKeepalives() throws Exception {
    server.script().nextRound(Round.longRun(Duration.ofMillis(500)));
    server.faults().nextStreams(1, Fault.stallAfterEvents(1));
    OkHttpClient impatient = http.client.newBuilder().readTimeout(Duration.ofMillis(400)).build();
    try (Response response = impatient.newCall(http.request(TestHttp.START)
        .post(okhttp3.RequestBody.create(TestHttp.body("Stall", null), TestHttp.JSON)).build()).execute()) {
      Read read = readAll(response);
      assertEquals(1, read.events.size(), read.events.toString());
      assertTrue(read.failure instanceof SocketTimeoutException, String.valueOf(read.failure));
      server.awaitRoundFinished(workflowId(read.events));
    }
  }

  @Test void duplicateSendsEveryEventTwiceInARow() throws Exception {
    server.faults().nextStreams(1, Fault.duplicateEvents());
    List<String> events = stream("Twice").events;
    assertEquals(16, events.size());
    for (int i = 0; i < events.size(); i += 2) assertEquals(events.get(i), events.get(i + 1));
  }

  @Test void malformedLineIsInjectedAfterNEvents() throws Exception {
    server.faults().nextStreams(1, Fault.malformedLine(1));
    List<String> events = stream("Broken").events;
    assertEquals("data: {\"type\": \"message\", \"createdAt\": 17", events.get(1));
    assertEquals(9, events.size(), "the stream goes on");
    // Core documents IllegalArgumentException here but throws UncheckedIOException(EOFException) today.
    assertThrows(RuntimeException.class, () -> ChatItem.fromJson(events.get(1).substring(6)));
  }

  @Test void unknownTypeIsARealItemOfTypeChart() throws Exception {
    server.faults().nextStreams(1, Fault.unknownType(2));
    List<String> events = stream("Chart").events;
    assertTrue(events.get(2).startsWith("data: {\"type\": \"chart\", \"createdAt\": "), events.get(2));
    assertTrue(events.get(2).contains("\"spec\": {\"kind\": \"bar\", \"values\": [3, 1, 4]}"), events.get(2));
    String workflowId = workflowId(events);
    server.awaitRoundFinished(workflowId);
    assertTrue(server.truth(workflowId).items().stream().anyMatch(item -> item.type().equals("chart")));
  }

  @Test void statusFaultsRefuseRequestsWithoutProcessingThem() throws Exception {
    server.faults().nextRequests("POST", TestHttp.START, 2, Fault.status(503, 2));
    for (int i = 0; i < 2; i++) {
      try (Response response = http.post(TestHttp.START, TestHttp.body("Busy?", null))) {
        assertEquals(503, response.code());
        assertEquals("2", response.header("Retry-After"));
        assertEquals("{\"detail\":\"Service Unavailable\"}", response.body().string());
      }
    }
    assertEquals(0, server.threadsOf("alice").size());
    assertFalse(stream("Now").events.isEmpty());
    assertEquals(3, server.countRequests("POST", TestHttp.START));
    assertEquals(1, server.threadsOf("alice").size(), "only the accepted request started a round");
  }

  @Test void statusFaults429And500LookLikeTheBackends() throws Exception {
    server.faults().nextRequests("GET", "/api/chatbot/threads", 1, Fault.status(429, 7))
        .nextRequests("GET", "/api/chatbot/threads", 1, Fault.status(500));
    try (Response response = http.get("/api/chatbot/threads")) {
      assertEquals(429, response.code());
      assertEquals("7", response.header("Retry-After"));
      assertEquals("{\"error\":\"Rate limit exceeded: 120 per 1 minute\"}", response.body().string());
    }
    try (Response response = http.get("/api/chatbot/threads")) {
      assertEquals(500, response.code());
      assertNull(response.header("Retry-After"));
      assertEquals("{\"detail\":\"Internal Server Error\"}", response.body().string());
    }
    try (Response response = http.get("/api/chatbot/threads")) {
      assertEquals(200, response.code());
    }
  }

  @Test void requestPathsMayUseWildcardSegments() throws Exception {
    server.faults().nextRequests("POST", "/api/chatbot/*/stop", 1, Fault.status(502));
    try (Response response = http.post("/api/chatbot/wf_any/stop", "")) {
      assertEquals(502, response.code());
    }
  }

  @Test void streamFaultsAreRefusedForPlainRequests() {
    assertThrows(IllegalArgumentException.class,
        () -> server.faults().nextRequests("GET", "/api/chatbot/threads", 1, Fault.duplicateEvents()));
  }

  @Test void slowFirstByteDelaysTheHeaders() throws Exception {
    server.faults().nextStreams(1, Fault.slowFirstByte(Duration.ofMillis(300)));
    long start = System.nanoTime();
    try (Response response = http.post(TestHttp.START, TestHttp.body("Slow", null))) {
      assertTrue(System.nanoTime() - start >= 300_000_000L);
      assertEquals(200, response.code());
      assertEquals(8, readAll(response).events.size());
    }
  }

  @Test void timeLimitEndsTheStreamCleanlyWhileTheWorkflowRuns() throws Exception {
    server.script().nextRound(Round.longRun(Duration.ofMillis(800)));
    server.faults().nextStreams(1, Fault.timeLimitAfter(Duration.ofMillis(150)));
    Read read = stream("Limit");
    assertNull(read.failure);
    String workflowId = workflowId(read.events);
    assertEquals("running", server.truth(workflowId).workflow().statusText());
    assertFalse(read.events.stream().anyMatch(e -> e.contains("\"role\": \"assistant\"")));
    server.awaitRoundFinished(workflowId);
  }

  @Test void faultsApplyToExactlyTheNextNStreams() throws Exception {
    server.faults().nextStreams(2, Fault.cleanCloseAfterEvents(1));
    assertEquals(1, stream("one").events.size());
    assertEquals(1, stream("two").events.size());
    assertEquals(8, stream("three").events.size());
  }

  @Test void randomResetPositionIsDecidedByTheSeed() throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (FakeChatbotServer seeded = FakeChatbotServer.builder().seed(99).start()) {
        TestHttp client = new TestHttp(seeded, "test-token");
        List<Integer> perStream = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          seeded.faults().nextStreams(1, Fault.resetAtRandomEvent(6));
          try (Response response = client.post(TestHttp.START, TestHttp.body("r" + i, null))) {
            Read read = readAll(response);
            assertTrue(read.failure != null);
            perStream.add(read.events.size());
          }
          seeded.awaitIdle();
        }
        counts.add(perStream.hashCode());
        for (int n : perStream) assertTrue(n >= 1 && n <= 6, perStream.toString());
      }
    }
    assertEquals(counts.get(0), counts.get(1));
  }
}
