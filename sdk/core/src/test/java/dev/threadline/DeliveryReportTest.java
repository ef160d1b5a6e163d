package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.events;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.sse;
import static dev.threadline.Fixtures.sseThenDrop;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** The listener hears, per delivery, where a change came from and how many duplicates it absorbed. */
class DeliveryReportTest {
  private static final String USER = message("msg_1", "user", "Hi", 1, "1.5");
  private static final String ANSWER = message("msg_2", "assistant", "Hello", 1, "2.5");

  private static final class Deliveries extends ChatbotEventListener {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override public void delivered(RoundRef round, ChangeSource source, int duplicates) {
      seen.add(source + " " + duplicates);
    }
  }

  private static ThreadState send(MockWebServer server, Deliveries deliveries) throws Exception {
    try (ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/")).callbackExecutor(Runnable::run)
        .eventListener(deliveries).build()) {
      SendCall call = client.send(UserInput.of("Hi"));
      return call.result().get(10, TimeUnit.SECONDS);
    }
  }

  @Test void eachDeliveryNamesItsSourceAndTheDuplicatesItAbsorbed() throws Exception {
    Deliveries deliveries = new Deliveries();
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      // The answer arrives twice on the stream; the re-read at the end holds both items again.
      server.enqueue(sse(events(Arrays.asList(USER, ANSWER, ANSWER))));
      server.enqueue(json(200, threadJson(workflow("completed", 1), Arrays.asList(USER, ANSWER))));

      ThreadState done = send(server, deliveries);

      assertFalse(done.isHealedByReread(), "a stream that closed cleanly lost nothing");
      assertEquals(Arrays.asList("LOCAL_ECHO 0", "LIVE 0", "LIVE 0", "LIVE 1", "REREAD 2"), deliveries.seen);
    }
  }

  @Test void aReReadAfterALostStreamHealsWhatIsShown() throws Exception {
    Deliveries deliveries = new Deliveries();
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(sseThenDrop(events(Arrays.asList(USER))));
      server.enqueue(json(200, threadJson(workflow("completed", 1), Arrays.asList(USER, ANSWER))));

      ThreadState done = send(server, deliveries);

      assertTrue(done.isHealedByReread());
      assertEquals(WF, done.workflowId());
      assertEquals(Arrays.asList("LOCAL_ECHO 0", "LIVE 0", "REREAD 1"), deliveries.seen);
    }
  }
}
