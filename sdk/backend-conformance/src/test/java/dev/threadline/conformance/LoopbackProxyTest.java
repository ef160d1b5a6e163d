package dev.threadline.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.testkit.FakeChatbotExtension;
import dev.threadline.testkit.Round;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(30)
class LoopbackProxyTest {
  @RegisterExtension final FakeChatbotExtension fake = FakeChatbotExtension.create(b -> b.token("token-alice", "alice"));

  @Test void cuttingResetsALiveStreamAndLaterRequestsGoThrough() {
    fake.server().script().nextRound(Round.longRun(Duration.ofMinutes(5)));
    try (LoopbackProxy proxy = LoopbackProxy.to(fake.server().url());
        BackendHttp http = new BackendHttp(proxy.url())) {
      try (BackendHttp.SseStream stream = http.stream(http.url("start/stream"), "token-alice", "{\"prompt\": \"Hi\"}")) {
        assertNotNull(stream.nextData(Duration.ofSeconds(10)));
        proxy.cutAll();
        String next;
        do {
          next = stream.next(Duration.ofSeconds(10));
          assertNotNull(next, "the cut stream neither broke nor ended");
        } while (next.startsWith("data: ") || next.equals(": keepalive"));
        assertTrue(next.startsWith(BackendHttp.SseStream.BROKEN), next);
      }
      assertEquals(200, http.get(http.url("threads"), "token-alice").code);
    }
  }
}
