package dev.threadline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.EpochSeconds;
import dev.threadline.internal.wire.CanonicalJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins the stream of {@code POST /start/stream} against PROTOCOL.md and the reference route. */
class StreamWireFormatTest {
  static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
  static final String TIME = "\\d{10}\\.\\d{1,6}";
  static final Pattern USER_MESSAGE = Pattern.compile("data: \\{\"type\": \"message\", \"createdAt\": (" + TIME
      + "), \"item\": \\{\"id\": \"msg_" + UUID + "\", \"workflowId\": \"(wf_" + UUID + ")\", \"role\": \"user\", "
      + "\"message\": \"(.*)\", \"roundNumber\": (\\d+), \"sequenceNr\": (\\d+), \"status\": \"(first|step)\"}}");
  static final Pattern LOG = Pattern.compile("data: \\{\"type\": \"log\", \"createdAt\": (" + TIME + "), \"item\": "
      + "\\{\"id\": \"(log_" + UUID + ")\", \"workflowId\": \"wf_" + UUID + "\", \"message\": \"[^\"]+\", "
      + "\"type\": \"info\", \"timestamp\": (" + TIME + "), \"status\": \"running\", \"progress\": (0\\.\\d+), "
      + "\"roundNumber\": 1}}");
  static final Pattern STAT = Pattern.compile("data: \\{\"type\": \"stat\", \"createdAt\": (" + TIME + "), \"item\": "
      + "\\{\"id\": \"stat_" + UUID + "\", \"workflowId\": \"wf_" + UUID + "\", \"roundNumber\": 1, "
      + "\"processingTime\": \\d+\\.\\d+, \"tokenCount\": \\d+}}");
  static final Pattern ASSISTANT = Pattern.compile("data: \\{\"type\": \"message\", \"createdAt\": (" + TIME
      + "), \"item\": \\{\"id\": \"msg_" + UUID + "\", \"workflowId\": \"wf_" + UUID + "\", \"role\": \"assistant\", "
      + "\"message\": \"(.*)\", \"roundNumber\": 1, \"sequenceNr\": 2, \"status\": \"last\"}}");

  final FakeChatbotServer server = FakeChatbotServer.builder().token("token-alice", "alice").seed(42).start();
  final TestHttp alice = new TestHttp(server, "token-alice");

  @AfterEach void close() {
    server.close();
  }

  @Test void streamHasTheBackendsHeadersAndOneChunkPerEventEndingCleanly() throws Exception {
    String json = TestHttp.body("Hi", null);
    String raw = TestHttp.raw(server, "POST /api/chatbot/start/stream HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: Bearer token-alice\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + json.length() + "\r\n\r\n" + json);
    String head = raw.substring(0, raw.indexOf("\r\n\r\n") + 4);
    assertEquals("HTTP/1.1 200 OK\r\nserver: uvicorn\r\ncache-control: no-cache\r\nconnection: keep-alive\r\n"
        + "x-accel-buffering: no\r\ncontent-type: text/event-stream; charset=utf-8\r\n"
        + "transfer-encoding: chunked\r\n\r\n", head);
    String body = raw.substring(head.length());
    int chunks = 0;
    int at = 0;
    while (true) {
      int lineEnd = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, lineEnd), 16);
      if (size == 0) {
        assertEquals("0\r\n\r\n", body.substring(at));
        break;
      }
      String chunk = body.substring(lineEnd + 2, lineEnd + 2 + size);
      assertTrue(chunk.startsWith("data: {") && chunk.endsWith("}\n\n") && chunk.indexOf('\n') == chunk.length() - 2,
          "one event per chunk: " + chunk);
      at = lineEnd + 2 + size + 2;
      chunks++;
    }
    assertEquals(8, chunks);
  }

  @Test void eventsHaveTheProtocolShapeAndTheUserMessageArrivesTwice() throws Exception {
    server.script().nextRound(Round.reply("Refunds take 5 days.").logs(3));
    List<String> events = TestHttp.events(alice.stream("What is our refund policy?"));

    assertEquals(8, events.size(), String.join("\n", events));
    Matcher snapshot = matches(USER_MESSAGE, events.get(0));
    assertEquals("What is our refund policy?", snapshot.group(3));
    assertEquals("1", snapshot.group(4));
    assertEquals("1", snapshot.group(5));
    assertEquals("first", snapshot.group(6));
    assertEquals(events.get(0), events.get(1), "created before the snapshot was read: in it and again live");

    Matcher firstLog = matches(LOG, events.get(2));
    Matcher firstLogAgain = matches(LOG, events.get(3));
    assertEquals(firstLog.group(2), firstLogAgain.group(2), "same log id re-emitted");
    assertEquals(firstLog.group(1), firstLog.group(3), "a log's timestamp is its createdAt");
    assertTrue(Double.parseDouble(firstLogAgain.group(4)) > Double.parseDouble(firstLog.group(4)));
    double progress = Double.parseDouble(firstLogAgain.group(4));
    for (int i = 4; i <= 5; i++) {
      double next = Double.parseDouble(matches(LOG, events.get(i)).group(4));
      assertTrue(next > progress, "rising progress");
      progress = next;
    }
    matches(STAT, events.get(6));
    assertEquals("Refunds take 5 days.", matches(ASSISTANT, events.get(7)).group(2));

    List<EpochSeconds> times = new ArrayList<>();
    for (String event : new String[] {events.get(1), events.get(2), events.get(4), events.get(5), events.get(6), events.get(7)}) {
      times.add(ChatItem.fromJson(event.substring("data: ".length())).createdAt());
    }
    for (int i = 1; i < times.size(); i++) {
      assertTrue(times.get(i).compareTo(times.get(i - 1)) > 0, "distinct, increasing createdAt: " + times);
    }
  }

  @Test void streamedItemsAreTheServersTruth() throws Exception {
    List<String> events = TestHttp.events(alice.stream("Hello"));
    Map<String, ChatItem> latest = new LinkedHashMap<>();
    for (String event : events) {
      ChatItem item = ChatItem.fromJson(event.substring("data: ".length()));
      latest.put(item.identityKey(), item);
    }
    String workflowId = latest.values().iterator().next().workflowId();
    server.awaitRoundFinished(workflowId);
    ChatThread truth = server.truth(workflowId);
    assertEquals("completed", truth.workflow().statusText());
    assertEquals(latest.size(), truth.items().size());
    int i = 0;
    for (ChatItem streamed : latest.values()) {
      ChatItem stored = truth.items().get(i++);
      assertEquals(streamed.identityKey(), stored.identityKey());
      assertEquals(streamed.createdAt().toString(), stored.createdAt().toString());
      assertEquals(streamed.itemJson().replace("\", \"", "\",\"").replace("\": ", "\":").replace(", \"", ",\""),
          stored.itemJson(), "same record; the stream uses json.dumps spacing, reads are compact");
    }
  }

  @Test void threadReadIsCompactJsonAndEqualsTruth() throws Exception {
    String workflowId = firstItem(alice.stream("Ünïcode prompt")).workflowId();
    server.awaitRoundFinished(workflowId);
    try (Response response = alice.get("/api/chatbot/threads?workflowId=" + workflowId)) {
      assertEquals(200, response.code());
      assertEquals("application/json", response.header("Content-Type"));
      String body = response.body().string();
      assertTrue(body.startsWith("{\"workflow\":{\"id\":\"" + workflowId + "\",\"mandateId\":\"mandate_"), body);
      assertTrue(body.contains("\"name\":\"Ünïcode prompt\""), "UTF-8 kept in JSONResponse");
      assertTrue(body.contains(",\"workflowMode\":\"Chatbot\",\"maxSteps\":10},\"chatData\":{\"items\":[{\"type\":\"message\",\"createdAt\":"));
      ChatThread truth = server.truth(workflowId);
      StringBuilder expected = new StringBuilder("{\"workflow\":").append(truth.workflow().json())
          .append(",\"chatData\":{\"items\":[");
      for (int i = 0; i < truth.items().size(); i++) {
        if (i > 0) expected.append(',');
        expected.append(truth.items().get(i).toJson());
      }
      expected.append("]}}");
      assertEquals(CanonicalJson.text(body), body, "compact, as Starlette's JSONResponse writes it");
      assertTrue(CanonicalJson.equal(CanonicalJson.of(expected.toString()), CanonicalJson.of(body)),
          () -> "the same JSON value as the truth: " + body);
    }
  }

  @Test void streamEscapesNonAsciiLikeJsonDumps() throws Exception {
    String body = alice.stream("Grüße");
    assertTrue(body.startsWith("data: {\"type\": \"message\""));
    assertTrue(body.contains("\"message\": \"Gr\\u00fc\\u00dfe\""), body);
  }

  @Test void continuedRoundSnapshotHoldsOnlyTheCurrentRoundAndQueryWinsOverBody() throws Exception {
    String workflowId = firstItem(alice.stream("First question")).workflowId();
    server.awaitRoundFinished(workflowId);
    server.script().nextRound(Round.reply("Second answer").logs(1).withoutLogUpdate());
    String body;
    try (Response response = alice.post(TestHttp.START + "?workflowId=" + workflowId,
        TestHttp.body("Second question", "wf_not_this_one"))) {
      assertEquals(200, response.code());
      body = response.body().string();
    }
    List<String> events = TestHttp.events(body);
    Matcher snapshot = matches(USER_MESSAGE, events.get(0));
    assertEquals(workflowId, snapshot.group(2));
    assertEquals("Second question", snapshot.group(3));
    assertEquals("2", snapshot.group(4));
    assertEquals("3", snapshot.group(5));
    assertEquals("step", snapshot.group(6));
    assertEquals(events.get(0), events.get(1));
    assertEquals(5, events.size(), "user twice, one log, stat, answer: nothing of round 1");
    for (String event : events) assertTrue(event.contains("\"roundNumber\": 2"), event);
    server.awaitRoundFinished(workflowId);
    ChatThread truth = server.truth(workflowId);
    assertEquals(2, truth.workflow().currentRound());
    assertEquals("First question", truth.workflow().name());
    assertEquals(6 + 4, truth.items().size(), "a re-emitted log is stored once");
  }

  @Test void workflowIdInTheBodyContinuesTheThread() throws Exception {
    String workflowId = firstItem(alice.stream("One")).workflowId();
    server.awaitRoundFinished(workflowId);
    try (Response response = alice.post(TestHttp.START, TestHttp.body("Two", workflowId))) {
      assertEquals(workflowId, firstItem(response.body().string()).workflowId());
    }
    assertEquals(1, server.threadsOf("alice").size());
  }

  @Test void unknownWorkflowIsA500LikeTheRoutesCatchAll() throws Exception {
    try (Response response = alice.post(TestHttp.START + "?workflowId=wf_missing", TestHttp.body("x", null))) {
      assertEquals(500, response.code());
      assertEquals("{\"detail\":\"404: Workflow with ID wf_missing not found\"}", response.body().string());
    }
  }

  @Test void bodyWithoutPromptIs422WithAListDetail() throws Exception {
    try (Response response = alice.post(TestHttp.START, "{\"listFileId\": []}")) {
      assertEquals(422, response.code());
      assertEquals("{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"field required\","
          + "\"type\":\"value_error.missing\"}]}", response.body().string());
    }
    try (Response response = alice.post(TestHttp.START, "{not json")) {
      assertEquals(422, response.code());
      assertTrue(response.body().string().startsWith("{\"detail\":[{\"loc\":[\"body\",0],"));
    }
    assertEquals(0, server.threadsOf("alice").size());
  }

  @Test void credentialsAreRequiredAndMapToUsers() throws Exception {
    try (Response response = new TestHttp(server, null).get("/api/chatbot/threads")) {
      assertEquals(401, response.code());
      assertEquals("{\"detail\":\"Not authenticated\"}", response.body().string());
    }
    try (Response response = new TestHttp(server, "wrong").post(TestHttp.START, TestHttp.body("x", null))) {
      assertEquals(401, response.code());
    }
    try (Response response = alice.client.newCall(new okhttp3.Request.Builder()
        .url(server.url().resolve("/api/chatbot/threads")).header("Cookie", "session=token-alice").build()).execute()) {
      assertEquals(200, response.code());
    }
    assertEquals(0, server.threadsOf("alice").size());
  }

  @Test void failingRoundEndsWithAnErrorLogAndStatusError() throws Exception {
    server.script().nextRound(Round.failure("The model is overloaded"));
    List<String> events = TestHttp.events(alice.stream("Fail please"));
    String last = events.get(events.size() - 1);
    assertTrue(last.contains("\"message\": \"The model is overloaded\", \"type\": \"error\""), last);
    assertTrue(last.contains("\"status\": \"error\""), last);
    String workflowId = firstItem(events.get(0)).workflowId();
    assertEquals("error", server.truth(workflowId).workflow().statusText());
  }

  @Test void unknownRoutesAndMethodsAnswerLikeFastApi() throws Exception {
    try (Response response = alice.get("/api/chatbot/nothing/here/at/all")) {
      assertEquals(404, response.code());
      assertEquals("{\"detail\":\"Not Found\"}", response.body().string());
    }
    try (Response response = alice.get("/api/chatbot/start/stream")) {
      assertEquals(405, response.code());
    }
  }

  static ChatItem firstItem(String body) {
    String event = TestHttp.events(body).get(0);
    return ChatItem.fromJson(event.substring(event.indexOf("data: ") + "data: ".length()));
  }

  static Matcher matches(Pattern pattern, String event) {
    Matcher matcher = pattern.matcher(event);
    assertTrue(matcher.matches(), "expected " + pattern + "\n but was " + event);
    return matcher;
  }

  @Test void differentSeedsGiveDifferentIds() {
    try (FakeChatbotServer other = FakeChatbotServer.builder().seed(43).start()) {
      assertNotEquals(other.createThread("u", "p", "a"), server.createThread("u", "p", "a"));
    }
  }
}
