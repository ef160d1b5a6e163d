package dev.threadline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatItem;
import dev.threadline.ChatbotClient;
import dev.threadline.ConnectionState;
import dev.threadline.CredentialsProvider;
import dev.threadline.SendCall;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.testkit.FakeChatbotExtension;
import dev.threadline.testkit.FakeChatbotServer;
import dev.threadline.testkit.Fault;
import dev.threadline.testkit.Round;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** README's example of a UI team's test against the fake backend. Keep the two in step. */
class UiTeamExampleTest {
  // --- README example ---
  @RegisterExtension
  final FakeChatbotExtension fake = FakeChatbotExtension.create(server -> server.token("token-alice", "alice"));

  @Test void theAnswerStreamsInAndSurvivesADroppedConnection() throws Exception {
    FakeChatbotServer server = fake.server();
    server.script().nextRound(Round.reply("Refunds take 5 days.").logs(3));
    server.faults().nextStreams(1, Fault.resetAfterEvents(2));           // the network flickers mid-answer

    ChatbotClient client = ChatbotClient.builder()
        .baseUrl(server.url())
        .credentials(CredentialsProvider.bearer("token-alice"))
        .callbackExecutor(Runnable::run)                                 // your UI thread in the app
        .build();
    List<String> screen = new CopyOnWriteArrayList<>();                  // what the chat screen shows
    SendCall call = client.send(UserInput.of("What is our refund policy?"));
    call.observe(state -> screen.add(render(state)));

    ThreadState done = call.result().get(10, TimeUnit.SECONDS);
    client.close();

    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    assertEquals("user: What is our refund policy? | assistant: Refunds take 5 days.", render(done));
    assertEquals(server.truth(done.workflowId()).items(), done.items());     // nothing lost, nothing twice
    assertEquals(1, server.countRequests("POST", "/api/chatbot/start/stream"));  // the prompt went out once
    assertTrue(screen.get(0).startsWith("user: What is our refund policy?"));  // shown at once, before the server
  }

  /** The chat screen's text: the messages, in order. */
  static String render(ThreadState state) {
    return state.items().stream().filter(item -> item.type().equals(ChatItem.TYPE_MESSAGE))
        .map(item -> item.role() + ": " + item.message()).collect(Collectors.joining(" | "));
  }
  // --- end of README example ---
}
