package dev.threadline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /{id}/stop} and {@code DELETE /{id}} with their error cases. */
class StopAndDeleteTest {
  final FakeChatbotServer server = FakeChatbotServer.builder()
      .token("token-alice", "alice").token("token-bob", "bob").seed(3).start();
  final TestHttp alice = new TestHttp(server, "token-alice");

  @AfterEach void close() {
    server.close();
  }

  @Test void stopEndsTheOpenStreamAndReturnsTheStoppedWorkflow() throws Exception {
    server.script().nextRound(Round.longRun(Duration.ofMinutes(5)));
    try (Response stream = alice.post(TestHttp.START, TestHttp.body("Take your time", null))) {
      BufferedSource source = stream.body().source();
      String workflowId = StreamWireFormatTest.firstItem(TestHttp.nextEvent(source)).workflowId();
      TestHttp.nextEvent(source);
      TestHttp.nextEvent(source);
      try (Response stop = alice.post("/api/chatbot/" + workflowId + "/stop", "")) {
        assertEquals(200, stop.code());
        String body = stop.body().string();
        assertTrue(body.startsWith("{\"id\":\"" + workflowId + "\",\"mandateId\":\"mandate_"), body);
        assertTrue(body.contains("\"status\":\"stopped\""), body);
        assertTrue(body.endsWith("\"workflowMode\":\"Chatbot\",\"maxSteps\":10}"), body);
      }
      assertNull(TestHttp.nextEvent(source), "the stream ends cleanly after the stop");
      assertEquals("stopped", server.truth(workflowId).workflow().statusText());
    }
    server.awaitIdle();
  }

  @Test void stoppingAnUnknownWorkflowIsA500LikeTheRoutesCatchAll() throws Exception {
    try (Response response = alice.post("/api/chatbot/wf_nope/stop", "")) {
      assertEquals(500, response.code());
      assertEquals("{\"detail\":\"404: Workflow with ID wf_nope not found\"}", response.body().string());
    }
  }

  @Test void deleteRemovesTheThreadThen404() throws Exception {
    String id = server.createThread("alice", "Q", "A");
    try (Response response = alice.delete("/api/chatbot/" + id)) {
      assertEquals(200, response.code());
      assertEquals("{\"id\":\"" + id + "\",\"message\":\"Chatbot workflow and associated data deleted successfully\"}",
          response.body().string());
    }
    assertFalse(server.hasThread(id));
    try (Response response = alice.delete("/api/chatbot/" + id)) {
      assertEquals(404, response.code());
      assertEquals("{\"detail\":\"Workflow with ID " + id + " not found\"}", response.body().string());
    }
  }

  @Test void deleteOfAnotherUsersThreadIs404() throws Exception {
    String id = server.createThread("bob", "Q", "A");
    try (Response response = alice.delete("/api/chatbot/" + id)) {
      assertEquals(404, response.code());
    }
    assertTrue(server.hasThread(id));
  }

  @Test void deleteOfANonChatbotWorkflowIs400() throws Exception {
    String id = server.createNonChatbotWorkflow("alice", "Import");
    try (Response response = alice.delete("/api/chatbot/" + id)) {
      assertEquals(400, response.code());
      assertEquals("{\"detail\":\"Workflow " + id + " is not a chatbot workflow\"}", response.body().string());
    }
  }

  @Test void deleteOfAReadOnlyThreadIs403() throws Exception {
    String id = server.createThread("alice", "Q", "A");
    server.setReadOnly(id, true);
    try (Response response = alice.delete("/api/chatbot/" + id)) {
      assertEquals(403, response.code());
      assertEquals("{\"detail\":\"You don't have permission to delete this workflow\"}", response.body().string());
    }
    server.setReadOnly(id, false);
    try (Response response = alice.delete("/api/chatbot/" + id)) {
      assertEquals(200, response.code());
    }
  }
}
