package dev.threadline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.threadline.BackoffPolicy;
import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotClient;
import dev.threadline.CredentialsProvider;
import dev.threadline.ThreadState;
import dev.threadline.testkit.FakeChatbotServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A fake backend and a client tuned for fast recovery, with the checks every fault test ends with. */
final class Harness implements AutoCloseable {
  static final String TOKEN = "token-alice";
  static final String START = "/api/chatbot/start/stream";

  final FakeChatbotServer server;
  final ChatbotClient client;

  Harness(FakeChatbotServer.Builder serverConfig, ChatbotClient.Builder clientConfig) {
    this.server = serverConfig.start();
    this.client = clientConfig.baseUrl(server.url()).build();
  }

  static FakeChatbotServer.Builder fakeServer(long seed) {
    return FakeChatbotServer.builder().token(TOKEN, "alice").seed(seed).rateLimitPerMinute(1_000_000);
  }

  /** Millisecond backoff so that a test waits for nothing; the budget stays generous. */
  static ChatbotClient.Builder fastClient() {
    return ChatbotClient.builder()
        .credentials(CredentialsProvider.bearer(TOKEN))
        .livenessTimeout(Duration.ofMillis(800))
        .backoff(BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(5)).withMaxDelay(Duration.ofMillis(50))
            .withMaxRetryAfter(Duration.ofMillis(200)).withBudget(Duration.ofMillis(20_000)));
  }

  /** The items as the wire writes them, pending echoes included (so a leftover echo fails the check). */
  static List<String> wire(List<ChatItem> items) {
    return items.stream().map(item -> (item.isPending() ? "PENDING " : "") + item.toJson()).collect(Collectors.toList());
  }

  /**
   * The promise to app teams: the thread ends equal to the server's, each item once, nothing pending; and
   * the cache holds the same.
   */
  void assertMatchesServer(String workflowId, ThreadState shown) throws Exception {
    server.awaitRoundFinished(workflowId);
    ChatThread truth = server.truth(workflowId);
    // Items compare as JSON values: the stream and a thread read spell the same item differently.
    if (!truth.items().equals(shown.items())) {
      assertEquals(wire(truth.items()), wire(shown.items()), "shown thread differs from the server's");
    }
    assertEquals(truth.workflow().statusText(), shown.workflow().statusText());
    Set<String> keys = new HashSet<>();
    for (ChatItem item : shown.items()) {
      if (!keys.add(item.identityKey())) throw new AssertionError("shown twice: " + item);
    }
  }

  /** How many user messages (accepted prompts) the server holds in all of alice's threads. */
  long acceptedPrompts() {
    return server.threadsOf("alice").stream().flatMap(thread -> thread.items().stream())
        .filter(ChatItem::isUserMessage).count();
  }

  @Override public void close() {
    client.close();
    server.close();
  }
}
