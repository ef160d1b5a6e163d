package dev.threadline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatThread;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays of captured streams, and seeded runs repeating byte for byte. */
class ReplayAndDeterminismTest {
  static final String CAPTURE = ""
      + "data: {\"type\": \"message\", \"createdAt\": 1737331539.123456, \"item\": {\"id\": \"msg_1\", "
      + "\"workflowId\": \"wf_field\", \"role\": \"user\", \"message\": \"Why?\", \"roundNumber\": 1}}\n\n"
      + ": keepalive\n\n"
      + "data: {\"type\": \"log\", \"createdAt\": 1737331539.301, \"item\": {\"id\": \"log_1\", "
      + "\"workflowId\": \"wf_field\", \"message\": \"Analysing request...\", \"progress\": 0.2, \"roundNumber\": 1}}\n\n"
      + "data: {\"type\": \"log\", \"createdAt\": 17373\n\n"
      + "data: {\"type\": \"message\", \"createdAt\": 1737331542.02, \"item\": {\"id\": \"msg_2\", "
      + "\"workflowId\": \"wf_field\", \"role\": \"assistant\", \"message\": \"Because.\", \"roundNumber\": 1}}\n\n";

  @Test void captureIsServedByteForByteAndItsItemsCanBeReRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("field.sse");
    Files.write(file, CAPTURE.getBytes(StandardCharsets.UTF_8));
    try (FakeChatbotServer server = FakeChatbotServer.start()) {
      server.replayNextStream(file);
      TestHttp http = new TestHttp(server, "test-token");
      try (Response response = http.post(TestHttp.START, TestHttp.body("ignored", null))) {
        assertEquals("text/event-stream; charset=utf-8", response.header("Content-Type"));
        assertEquals(CAPTURE, response.body().string());
      }
      ChatThread thread = server.truth("wf_field");
      assertEquals(3, thread.items().size(), "the malformed line is served, not stored");
      assertEquals("completed", thread.workflow().statusText());
      assertEquals("Why?", thread.workflow().name());
      try (Response response = http.get("/api/chatbot/threads?workflowId=wf_field")) {
        assertTrue(response.body().string().contains("\"createdAt\":1737331542.02,"));
      }
      assertEquals(1, server.threadsOf("test-user").size());
      assertTrue(http.stream("Next one is live again").contains("Next one is live again"));
    }
  }

  @Test void sameSeedGivesTheSameBytes() throws Exception {
    String[] bodies = new String[2];
    String[] lists = new String[2];
    for (int run = 0; run < 2; run++) {
      try (FakeChatbotServer server = FakeChatbotServer.builder().seed(2024).start()) {
        TestHttp http = new TestHttp(server, "test-token");
        server.faults().nextStreams(1, Fault.unknownType(3), Fault.malformedLine(5));
        bodies[run] = http.stream("Deterministic?") + http.stream("Again?");
        server.awaitIdle();
        lists[run] = http.get("/api/chatbot/threads").body().string();
      }
    }
    assertEquals(bodies[0], bodies[1]);
    assertEquals(lists[0], lists[1]);
  }
}
