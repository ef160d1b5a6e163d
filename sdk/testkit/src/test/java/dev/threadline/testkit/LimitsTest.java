package dev.threadline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Rate limit, keepalives and the stream time limit. */
class LimitsTest {
  @Test void rateLimitIsPerUserAndRouteWith429AndRetryAfter() throws Exception {
    try (FakeChatbotServer server = FakeChatbotServer.builder().token("a", "alice").token("b", "bob")
        .rateLimitPerMinute(3).start()) {
      TestHttp alice = new TestHttp(server, "a");
      for (int i = 0; i < 3; i++) {
        try (Response response = alice.get("/api/chatbot/threads")) {
          assertEquals(200, response.code());
        }
      }
      try (Response response = alice.get("/api/chatbot/threads")) {
        assertEquals(429, response.code());
        assertEquals("{\"error\":\"Rate limit exceeded: 3 per 1 minute\"}", response.body().string());
        long retryAfter = Long.parseLong(response.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
      }
      try (Response response = alice.delete("/api/chatbot/wf_x")) {
        assertEquals(404, response.code(), "another route has its own budget");
      }
      try (Response response = new TestHttp(server, "b").get("/api/chatbot/threads")) {
        assertEquals(200, response.code(), "another user has its own budget");
      }
    }
  }

  @Test void idleStreamsSendKeepaliveComments() throws Exception {
    try (FakeChatbotServer server = FakeChatbotServer.builder().keepaliveInterval(Duration.ofMillis(50)).start()) {
      server.script().nextRound(Round.longRun(Duration.ofMillis(400)));
      TestHttp http = new TestHttp(server, "test-token");
      List<String> events = TestHttp.events(http.stream("Slow one"));
      long keepalives = events.stream().filter(": keepalive"::equals).count();
      assertTrue(keepalives >= 3, "keepalives: " + events);
      assertTrue(events.get(events.size() - 1).contains("\"role\": \"assistant\""), "then the answer and a clean end");
    }
  }

  @Test void streamEndsAtItsTimeLimitWhileTheWorkflowRunsOn() throws Exception {
    try (FakeChatbotServer server = FakeChatbotServer.builder().streamTimeLimit(Duration.ofMillis(300))
        .keepaliveInterval(Duration.ofSeconds(30)).start()) {
      server.script().nextRound(Round.longRun(Duration.ofMillis(1500)));
      TestHttp http = new TestHttp(server, "test-token");
      long start = System.nanoTime();
      String body = http.stream("Long");
      assertTrue(System.nanoTime() - start < 1_200_000_000L, "ended by the limit, not by the round");
      String workflowId = StreamWireFormatTest.firstItem(body).workflowId();
      assertTrue(!body.contains("\"role\": \"assistant\""));
      assertEquals("running", server.truth(workflowId).workflow().statusText());
      server.awaitRoundFinished(workflowId);
      assertEquals("completed", server.truth(workflowId).workflow().statusText());
      try (Response response = http.get("/api/chatbot/threads?workflowId=" + workflowId)) {
        assertTrue(response.body().string().contains("\"role\":\"assistant\""), "a re-read gets the rest");
      }
    }
  }
}
