package dev.threadline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatItem;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.Test;

/** The two resumable stream variants, as the testkit README documents them. */
class ResumableStreamsTest {
  static final Pattern ID_EVENT = Pattern.compile("id: (\\d+)\ndata: (\\{\"type\": .*})");
  static final Pattern SEQ_EVENT = Pattern.compile("data: (\\{\"type\": .*), \"seq_id\": (\\d+)}");

  private static List<String> readEvents(Response response) {
    List<String> events = new ArrayList<>();
    BufferedSource source = response.body().source();
    try {
      for (String event; (event = TestHttp.nextEvent(source)) != null; ) events.add(event);
    } catch (IOException expectedForFaults) {
      // A dropped stream: the events so far are what the client got.
    }
    return events;
  }

  private static List<Integer> ids(List<String> events, Pattern pattern, int group) {
    List<Integer> ids = new ArrayList<>();
    for (String event : events) {
      Matcher matcher = pattern.matcher(event);
      if (matcher.matches()) ids.add(Integer.parseInt(matcher.group(group)));
    }
    return ids;
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> range = new ArrayList<>();
    for (int i = from; i <= to; i++) range.add(i);
    return range;
  }

  @Test void eventIdsNumberEveryItemEventAndAnEndEventClosesTheRound() throws Exception {
    try (FakeChatbotServer server = FakeChatbotServer.builder().resumeMode(ResumeMode.EVENT_IDS).seed(5).start()) {
      TestHttp http = new TestHttp(server, "test-token");
      List<String> events;
      try (Response response = http.post(TestHttp.START, TestHttp.body("Hi", null))) {
        events = readEvents(response);
      }
      assertEquals(range(1, 7), ids(events, ID_EVENT, 1), "no snapshot duplicate: the log is replayed once");
      String workflowId = ChatItem.fromJson(ID_EVENT.matcher(events.get(0)).replaceAll("$2")).workflowId();
      assertEquals("event: end\ndata: {\"workflowId\": \"" + workflowId + "\", \"status\": \"completed\"}",
          events.get(events.size() - 1));
      assertEquals(8, events.size());

      server.script().nextRound(Round.reply("Again").logs(1).withoutLogUpdate());
      try (Response response = http.post(TestHttp.START + "?workflowId=" + workflowId, TestHttp.body("More", null))) {
        assertEquals(range(8, 11), ids(readEvents(response), ID_EVENT, 1), "ids go on across rounds");
      }
    }
  }

  @Test void lastEventIdResumesADroppedStreamWithNothingLostOrTwice() throws Exception {
    try (FakeChatbotServer server = FakeChatbotServer.builder().resumeMode(ResumeMode.EVENT_IDS)
        .pacing(Duration.ofMillis(20)).start()) {
      TestHttp http = new TestHttp(server, "test-token");
      server.faults().nextStreams(1, Fault.resetAfterEvents(3));
      List<String> first;
      try (Response response = http.post(TestHttp.START, TestHttp.body("Hi", null))) {
        first = readEvents(response);
      }
      assertEquals(List.of(1, 2, 3), ids(first, ID_EVENT, 1));
      String workflowId = ChatItem.fromJson(ID_EVENT.matcher(first.get(0)).replaceAll("$2")).workflowId();
      List<String> rest;
      try (Response response = http.client.newCall(http.request("/api/chatbot/" + workflowId + "/stream")
          .header("Last-Event-ID", "3").build()).execute()) {
        assertEquals(200, response.code());
        assertEquals("text/event-stream; charset=utf-8", response.header("Content-Type"));
        rest = readEvents(response);
      }
      assertEquals(range(4, 7), ids(rest, ID_EVENT, 1));
      assertTrue(rest.get(rest.size() - 1).startsWith("event: end\n"));
    }
  }

  @Test void resumeEndpointReplaysAFinishedRoundOrJustItsEnd() throws Exception {
    try (FakeChatbotServer server = FakeChatbotServer.builder().resumeMode(ResumeMode.EVENT_IDS).start()) {
      TestHttp http = new TestHttp(server, "test-token");
      String workflowId = server.createThread("test-user", "Q", "A");
      try (Response response = http.get("/api/chatbot/" + workflowId + "/stream")) {
        List<String> events = readEvents(response);
        assertEquals(range(1, 7), ids(events, ID_EVENT, 1));
        assertTrue(events.get(7).startsWith("event: end\n"));
      }
      try (Response response = http.client.newCall(http.request("/api/chatbot/" + workflowId + "/stream")
          .header("Last-Event-ID", "7").build()).execute()) {
        List<String> events = readEvents(response);
        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("event: end\n"));
      }
      try (Response response = http.get("/api/chatbot/wf_nope/stream")) {
        assertEquals(404, response.code());
      }
    }
  }

  @Test void resumeEndpointDoesNotExistOnThePlainProtocol() throws Exception {
    try (FakeChatbotServer server = FakeChatbotServer.start()) {
      String workflowId = server.createThread("test-user", "Q", "A");
      try (Response response = new TestHttp(server, "test-token").get("/api/chatbot/" + workflowId + "/stream")) {
        assertEquals(404, response.code());
        assertEquals("{\"detail\":\"Not Found\"}", response.body().string());
      }
    }
  }

  @Test void timeLimitEndsAResumableStreamWithoutEndEventAndResumingFinishesIt() throws Exception {
    try (FakeChatbotServer server = FakeChatbotServer.builder().resumeMode(ResumeMode.EVENT_IDS)
        .streamTimeLimit(Duration.ofMillis(200)).start()) {
      server.script().nextRound(Round.longRun(Duration.ofMillis(500)));
      TestHttp http = new TestHttp(server, "test-token");
      List<String> first;
      try (Response response = http.post(TestHttp.START, TestHttp.body("Slow", null))) {
        first = readEvents(response);
      }
      List<Integer> firstIds = ids(first, ID_EVENT, 1);
      assertTrue(first.stream().noneMatch(e -> e.startsWith("event: end")));
      String workflowId = ChatItem.fromJson(ID_EVENT.matcher(first.get(0)).replaceAll("$2")).workflowId();
      int last = firstIds.get(firstIds.size() - 1);
      Request resume = http.request("/api/chatbot/" + workflowId + "/stream")
          .header("Last-Event-ID", String.valueOf(last)).build();
      List<Integer> all = new ArrayList<>(firstIds);
      while (true) {
        try (Response response = http.client.newCall(resume).execute()) {
          List<String> events = readEvents(response);
          all.addAll(ids(events, ID_EVENT, 1));
          if (events.stream().anyMatch(e -> e.startsWith("event: end"))) break;
          resume = resume.newBuilder().header("Last-Event-ID", String.valueOf(all.get(all.size() - 1))).build();
        }
      }
      assertEquals(range(1, 7), all);
    }
  }

  @Test void seqCursorCarriesSeqIdInTheJsonAndEndsWithDone() throws Exception {
    try (FakeChatbotServer server = FakeChatbotServer.builder().resumeMode(ResumeMode.SEQ_CURSOR).seed(8).start()) {
      TestHttp http = new TestHttp(server, "test-token");
      server.faults().nextStreams(1, Fault.resetAfterEvents(2));
      List<String> first;
      try (Response response = http.post(TestHttp.START, TestHttp.body("Hi", null))) {
        first = readEvents(response);
      }
      assertEquals(List.of(1, 2), ids(first, SEQ_EVENT, 2));
      ChatItem item = ChatItem.fromJson(first.get(0).substring("data: ".length()));
      assertEquals("user", item.role(), "seq_id is an extra top-level field the item parser ignores");
      try (Response response = http.get("/api/chatbot/" + item.workflowId() + "/stream?starting_after=2")) {
        List<String> rest = readEvents(response);
        assertEquals(range(3, 7), ids(rest, SEQ_EVENT, 2));
        assertEquals("data: [DONE]", rest.get(rest.size() - 1));
      }
      try (Response response = http.get("/api/chatbot/" + item.workflowId() + "/stream?starting_after=x")) {
        assertEquals(400, response.code());
        assertEquals("{\"detail\":\"Invalid starting_after: x\"}", response.body().string());
      }
    }
  }
}
