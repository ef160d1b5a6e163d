package dev.threadline.conformance;

import dev.threadline.testkit.FakeChatbotExtension;
import dev.threadline.testkit.FakeChatbotServer;
import dev.threadline.testkit.Round;
import java.time.Duration;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against the testkit's {@link FakeChatbotServer}, with the real backend's intervals scaled as in
 * {@link RealBackendContractTest}. */
class FakeBackendContractTest extends BackendContract {
  private static final Duration KEEPALIVE = Duration.ofMillis((long) (30_000 / RealBackendContractTest.TIME_SCALE));
  private static final Duration LIMIT = Duration.ofMillis((long) (300_000 / RealBackendContractTest.TIME_SCALE));

  @RegisterExtension final FakeChatbotExtension fake = FakeChatbotExtension.create(builder -> builder
      .token("token-alice", "alice").token("token-bob", "bob").token("token-carol", "carol")
      .keepaliveInterval(KEEPALIVE).streamTimeLimit(LIMIT).wallClock());

  @Override protected BackendUnderTest backend() {
    FakeChatbotServer server = fake.server();
    return new BackendUnderTest() {
      @Override public HttpUrl baseUrl() {
        return server.url();
      }

      @Override public String token(String user) {
        return "token-" + user;
      }

      @Override public void scriptNextRound(Round round) {
        server.script().nextRound(round);
      }

      @Override public String createNonChatbotWorkflow(String user, String name) {
        return server.createNonChatbotWorkflow(user, name);
      }

      @Override public void markNotDeletable(String workflowId) {
        server.setReadOnly(workflowId, true);
      }

      @Override public Duration keepaliveInterval() {
        return KEEPALIVE;
      }

      @Override public Duration streamTimeLimit() {
        return LIMIT;
      }
    };
  }
}
