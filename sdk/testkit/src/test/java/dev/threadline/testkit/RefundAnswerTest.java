package dev.threadline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's example test, verbatim apart from the package: keeps the README honest. */
class RefundAnswerTest {
  @RegisterExtension  // a fresh server per test; make the field static to share one per class
  final FakeChatbotExtension fake = FakeChatbotExtension.create(b -> b.token("token-alice", "alice").seed(42));

  final OkHttpClient http = new OkHttpClient();

  @Test void answerArrivesAndMatchesTheServer() throws Exception {
    FakeChatbotServer server = fake.server();
    server.script().nextRound(Round.reply("Refunds take 5 days.").logs(3));

    Request send = new Request.Builder()
        .url(server.url().resolve("/api/chatbot/start/stream"))
        .header("Authorization", "Bearer token-alice")
        .post(RequestBody.create("{\"prompt\": \"What is our refund policy?\"}", MediaType.get("application/json")))
        .build();
    String workflowId;
    try (Response response = http.newCall(send).execute()) {
      String body = response.body().string();              // the stream ends when the round is done
      String firstData = body.substring("data: ".length(), body.indexOf("\n\n"));
      workflowId = ChatItem.fromJson(firstData).workflowId();
    }

    server.awaitRoundFinished(workflowId);
    ChatThread truth = server.truth(workflowId);             // what GET /threads?workflowId= returns
    assertEquals("completed", truth.workflow().statusText());
    ChatItem answer = truth.items().get(truth.items().size() - 1);
    assertEquals("Refunds take 5 days.", answer.message());
    assertEquals(1, server.countRequests("POST", "/api/chatbot/start/stream"));  // the prompt went out once
  }
}
