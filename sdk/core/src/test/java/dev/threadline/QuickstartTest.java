package dev.threadline;

import static dev.threadline.Fixtures.events;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.sse;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** README's quickstart, kept compiling and working. Keep the two in step. */
class QuickstartTest {
  @Test void theReadmeQuickstartRuns() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      List<String> items = Arrays.asList(message("msg_1", "user", "What is our refund policy?", 1, "1.5"),
          message("msg_2", "assistant", "Refunds take 5 days.", 1, "2.5"));
      server.enqueue(json(200, "{\"items\": [" + workflow("completed", 1) + "], \"pagination\": {\"currentPage\": 1, "
          + "\"pageSize\": 20, \"totalItems\": 1, \"totalPages\": 1}}"));
      server.enqueue(sse(events(items)));
      server.enqueue(json(200, threadJson(workflow("completed", 1), items)));
      String baseUrl = server.url("/").toString();
      Executor mainThread = Runnable::run;
      List<String> shown = new ArrayList<>();

      // --- README quickstart ---
      ChatbotClient client = ChatbotClient.builder()
          .baseUrl(baseUrl)                                    // e.g. "https://chat.example.com"
          .credentials(CredentialsProvider.bearer(() -> "my-token"))
          .callbackExecutor(mainThread)                        // where observers run
          .build();

      // List threads, page by page (blocking form: call it off the UI thread).
      ThreadPage page = client.listThreads(PageRequest.firstPage(20));
      for (Workflow thread : page.threads()) {
        System.out.println(thread.name() + " " + thread.status());
      }

      // Send a prompt and watch the answer arrive.
      SendCall call = client.send(UserInput.of("What is our refund policy?"));
      Subscription subscription = call.observe(state -> {
        for (ChatItem item : state.items()) {
          if (item.type().equals("message")) shown.add(item.role() + ": " + item.message());
        }
        System.out.println(state.connection());               // CONNECTING, STREAMING, … COMPLETED
      });
      ThreadState done = call.result().get(30, TimeUnit.SECONDS);
      subscription.close();
      client.close();
      // --- end of quickstart ---

      assertEquals(1, page.threads().size());
      assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
      assertEquals(Arrays.asList("user: What is our refund policy?", "assistant: Refunds take 5 days."),
          shown.subList(shown.size() - 2, shown.size()));
    }
  }
}
