package dev.threadline.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.testkit.Round;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the real route code does with events nobody read: they wait in the workflow's queue (until the event
 * manager removes it, 60 s after the round) and the next stream of that workflow reads them first. The
 * testkit's fake gives every stream its own queue and does not do this (see its README). Runs on a clock
 * only 10 times faster, so the queue lives 6 s of real time.
 */
@Timeout(60)
class LeftoverEventTest {
  @RegisterExtension static final RealBackendExtension real = RealBackendExtension.create(10);

  @Test void stoppingAFinishedRoundLeavesAStoppedEventThatEndsTheNextStreamRightAfterItsSnapshot() throws Exception {
    RealBackend backend = real.backend();
    String token = backend.token("alice");
    try (BackendHttp http = new BackendHttp(backend.baseUrl())) {
      String workflowId;
      try (BackendHttp.SseStream first = http.stream(http.url("start/stream"), token, "{\"prompt\": \"One\"}")) {
        List<String> frames = first.readToEnd(Duration.ofSeconds(15));
        workflowId = Json.stringAt(Json.parse(frames.get(0).substring("data: ".length())), "item", "workflowId");
      }
      assertEquals("completed", Json.stringAt(http.post(http.url(workflowId + "/stop"), token, "").json(), "status"));

      backend.scriptNextRound(Round.reply("Two answered.").logs(1).thinking(Duration.ofMillis(500)));
      try (BackendHttp.SseStream second = http.stream(http.url("start/stream", "workflowId", workflowId), token,
          "{\"prompt\": \"Two\"}")) {
        List<String> frames = second.readToEnd(Duration.ofSeconds(15));
        assertTrue(frames.stream().noneMatch(frame -> frame.contains("Two answered.")),
            "the stream ended before the answer: " + frames);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      Object thread;
      do {
        Thread.sleep(100);
        thread = http.get(http.url("threads", "workflowId", workflowId), token).json();
      } while (!"completed".equals(Json.stringAt(thread, "workflow", "status")) && System.nanoTime() < deadline);
      assertEquals("completed", Json.stringAt(thread, "workflow", "status"), "the round ran on without a stream");
      assertTrue(Json.write(thread).contains("Two answered."));
    }
  }
}
