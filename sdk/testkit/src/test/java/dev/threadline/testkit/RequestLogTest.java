package dev.threadline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The request log, and the JUnit extension (instance registration: one server per test). */
class RequestLogTest {
  @RegisterExtension
  final FakeChatbotExtension fake = FakeChatbotExtension.create(b -> b.token("token-alice", "alice").seed(1));

  @Test void recordsEveryRequestWithItsOutcome(FakeChatbotServer server) throws Exception {
    TestHttp alice = new TestHttp(server, "token-alice");
    String workflowId = StreamWireFormatTest.firstItem(alice.stream("Count me once")).workflowId();
    try (Response response = alice.get("/api/chatbot/threads?workflowId=" + workflowId)) {
      assertEquals(200, response.code());
    }
    try (Response response = new TestHttp(server, null).get("/api/chatbot/threads")) {
      assertEquals(401, response.code());
    }

    assertEquals(1, server.countRequests("POST", "/api/chatbot/start/stream"));
    assertEquals(2, server.countRequests("GET", "/api/chatbot/threads"));
    List<ReceivedRequest> requests = server.requests();
    assertEquals(3, requests.size());
    ReceivedRequest post = requests.get(0);
    assertEquals("POST", post.method());
    assertEquals("alice", post.user());
    assertEquals(200, post.status());
    assertEquals("Bearer token-alice", post.header("Authorization"));
    assertEquals(TestHttp.body("Count me once", null), post.body());
    assertEquals(workflowId, requests.get(1).queryParameter("workflowId"));
    assertNull(requests.get(2).user());
    assertEquals(401, requests.get(2).status());
    server.clearRequests();
    assertEquals(0, server.requests().size());
  }

  @Test void eachTestGetsAFreshServer() {
    assertEquals(0, fake.server().requests().size());
    assertEquals(0, fake.server().threadsOf("alice").size());
  }
}
