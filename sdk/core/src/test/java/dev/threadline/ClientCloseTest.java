package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing the client ends every send's futures, so that nothing waits on them for ever. */
class ClientCloseTest {
  private static final String USER = message("msg_1", "user", "What is our refund policy?", 1, "1737331539.5");

  private final MockWebServer server = new MockWebServer();
  /** A cache that outlives its client, as a file does: closing the client leaves what it holds. */
  private final ForwardingStore store = new ForwardingStore() {
    @Override public void close() { }
  };

  @BeforeEach void start() throws Exception {
    server.start();
  }

  @AfterEach void stop() {
    server.close();
  }

  /** A client with its own callback executor, which close() shuts down. */
  private ChatbotClient client() {
    return ChatbotClient.builder().baseUrl(server.url("/")).store(store).build();
  }

  @Test void closingTheClientFailsTheFuturesOfARoundInFlight() throws Exception {
    server.enqueue(HostileServers.endless("text/event-stream", "data: " + USER + "\n\n", ": keepalive\n\n"));
    ChatbotClient client = client();
    SendCall call = client.send(UserInput.of("What is our refund policy?"));
    CompletableFuture<ThreadState> askedBefore = call.result();
    RecordingObserver observer = new RecordingObserver();
    call.observe(observer);
    observer.await(state -> state.items().stream().anyMatch(item -> "msg_1".equals(item.id())));

    client.close();

    assertEquals(WF, call.workflowId().get(5, TimeUnit.SECONDS), "the id the server gave stays known");
    for (CompletableFuture<ThreadState> result : List.of(askedBefore, call.result())) {
      ExecutionException failed = assertThrows(ExecutionException.class, () -> result.get(5, TimeUnit.SECONDS));
      assertInstanceOf(CancellationException.class, failed.getCause());
      assertTrue(failed.getCause().getMessage().contains("client was closed"), failed.getCause().getMessage());
    }
  }

  @Test void aPromptQueuedWhenTheClientClosesFailsItsFuturesAndStaysQueuedForTheNextClient() throws Exception {
    ChatbotClient client = client();
    client.networkLost();
    SendCall call = client.send(UserInput.builder("More?").workflowId(WF).build());
    RecordingObserver observer = new RecordingObserver();
    call.observe(observer);
    observer.await(ThreadState::hasPendingWrites);
    assertEquals(List.of(call), client.queuedSends().get(5, TimeUnit.SECONDS));

    client.close();

    ExecutionException failed = assertThrows(ExecutionException.class, () -> call.result().get(5, TimeUnit.SECONDS));
    assertInstanceOf(CancellationException.class, failed.getCause());
    assertTrue(failed.getCause().getMessage().contains("offline queue"), failed.getCause().getMessage());
    assertEquals(List.of("More?"), store.loadQueuedPrompts().stream().map(prompt -> prompt.input().prompt())
        .collect(Collectors.toList()));
    try (ChatbotClient next = client()) {
      next.networkLost();
      List<SendCall> restored = next.queuedSends().get(5, TimeUnit.SECONDS);
      assertEquals(List.of("More?"), restored.stream().map(sent -> sent.input().prompt())
          .collect(Collectors.toList()), "the next client takes it up");
    }
  }

  @Test void everySendMadeWhileTheClientClosesEnds() throws Exception {
    ChatbotClient client = client();
    client.networkLost();
    List<SendCall> calls = new ArrayList<>();
    Thread sender = new Thread(() -> {
      for (int i = 0; i < 300; i++) calls.add(client.send(UserInput.of("Prompt " + i)));
    });
    sender.start();
    while (calls.size() < 100) Thread.onSpinWait();
    client.close();
    sender.join();

    for (SendCall call : calls) {
      ExecutionException failed = assertThrows(ExecutionException.class, () -> call.result().get(5, TimeUnit.SECONDS),
          "send " + call.id() + " never ended");
      assertTrue(failed.getCause() instanceof CancellationException || failed.getCause() instanceof IllegalStateException,
          failed.getCause().toString());
    }
  }
}
