package dev.threadline.conformance;

import dev.threadline.testkit.FakeChatbotExtension;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The offline queue end to end against the testkit's {@link dev.threadline.testkit.FakeChatbotServer}. */
class FakeBackendOfflineQueueTest extends OfflineQueueScenario {
  @RegisterExtension final FakeChatbotExtension fake = FakeChatbotExtension.create(builder -> builder
      .token("token-alice", "alice").wallClock());

  @Override protected HttpUrl backendUrl() {
    return fake.server().url();
  }

  @Override protected String token() {
    return "token-alice";
  }
}
