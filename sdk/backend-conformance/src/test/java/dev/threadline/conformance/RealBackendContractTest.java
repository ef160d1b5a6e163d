package dev.threadline.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.threadline.testkit.Round;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract against the backend's real route code, on a clock 60 times faster than real time (its 30 s
 * keepalive takes 0.5 s, its 300 s stream limit 5 s). Also what only the real code shows: the event manager's
 * shared queue and the route's treatment of error events and stored workflows without {@code maxSteps}.
 */
class RealBackendContractTest extends BackendContract {
  static final double TIME_SCALE = 60;

  @RegisterExtension static final RealBackendExtension real = RealBackendExtension.create(TIME_SCALE);

  @BeforeEach void emptyBackend() {
    real.backend().reset();
  }

  @Override protected BackendUnderTest backend() {
    RealBackend backend = real.backend();
    return new BackendUnderTest() {
      @Override public HttpUrl baseUrl() {
        return backend.baseUrl();
      }

      @Override public String token(String user) {
        return backend.token(user);
      }

      @Override public void scriptNextRound(Round round) {
        backend.scriptNextRound(round);
      }

      @Override public String createNonChatbotWorkflow(String user, String name) {
        return backend.createWorkflow(user, name, "Automation", 10);
      }

      @Override public void markNotDeletable(String workflowId) {
        backend.markNotDeletable(workflowId);
      }

      @Override public Duration keepaliveInterval() {
        return backend.keepaliveInterval();
      }

      @Override public Duration streamTimeLimit() {
        return backend.streamTimeLimit();
      }
    };
  }

  private BackendHttp http() {
    return new BackendHttp(real.backend().baseUrl());
  }

  @Test void anErrorEventOfAnotherStepDoesNotEndTheStream() {
    real.backend().scriptNextFailure("Retrying the search.", 1, "search");
    try (BackendHttp http = http();
        BackendHttp.SseStream stream = http.stream(http.url("start/stream"), real.backend().token("alice"),
            "{\"prompt\": \"Question\"}")) {
      String errorLog = null;
      while (errorLog == null) {
        String data = stream.nextData(Duration.ofSeconds(15));
        assertNotNull(data, "the stream ended at the error event");
        if ("error".equals(Json.find(Json.parse(data), "item", "type"))) errorLog = data;
      }
      String next = stream.next(real.backend().keepaliveInterval().multipliedBy(4));
      assertEquals(": keepalive", next, "after an error event of step 'search' the stream stays open");
    }
  }

  @Test void theUserMessageArrivesInTheSnapshotAndAgainLiveBecauseTheQueueExistsFirst() {
    real.backend().scriptNextRound(Round.reply("Paced.").logs(1), Duration.ofMillis(150));
    try (BackendHttp http = http();
        BackendHttp.SseStream stream = http.stream(http.url("start/stream"), real.backend().token("alice"),
            "{\"prompt\": \"Question\"}")) {
      String snapshot = stream.nextData(Duration.ofSeconds(15));
      String live = stream.nextData(Duration.ofSeconds(15));
      assertEquals(snapshot, live);
      assertEquals("user", Json.stringAt(Json.parse(live), "item", "role"));
      assertEquals("log", Json.stringAt(Json.parse(stream.nextData(Duration.ofSeconds(15))), "type"));
    }
  }

  @Test void aStoredWorkflowWithoutMaxStepsIsShownWithTen() {
    String workflowId = real.backend().createWorkflow("alice", "Imported", "Chatbot", null);
    try (BackendHttp http = http()) {
      String token = real.backend().token("alice");
      Object read = http.get(http.url("threads", "workflowId", workflowId), token).json();
      assertEquals(10, Json.intAt(read, "workflow", "maxSteps"));
      Object listed = http.get(http.url("threads"), token).json();
      assertEquals(10, Json.intAt(listed, "items", 0, "maxSteps"));
    }
  }

  @Test void twoStreamsOfOneWorkflowShareItsQueueAndOnlyOneSeesTheEnd() {
    RealBackend backend = real.backend();
    backend.scriptNextRound(Round.longRun(Duration.ofMinutes(5)).logs(1));
    try (BackendHttp http = http()) {
      String token = backend.token("alice");
      try (BackendHttp.SseStream first = http.stream(http.url("start/stream"), token, "{\"prompt\": \"One\"}")) {
        String workflowId = Json.stringAt(Json.parse(first.nextData(Duration.ofSeconds(15))), "item", "workflowId");
        backend.scriptNextRound(Round.reply("Two answered.").logs(3).thinking(backend.keepaliveInterval()));
        try (BackendHttp.SseStream second = http.stream(http.url("start/stream", "workflowId", workflowId), token,
            "{\"prompt\": \"Two\"}")) {
          List<String> secondFrames = second.readToEnd(Duration.ofSeconds(30));
          List<String> firstFrames = first.readToEnd(backend.streamTimeLimit().plusSeconds(15));
          long roundTwoInFirst = firstFrames.stream().filter(frame -> frame.contains("\"roundNumber\": 2")).count();
          assertNotEquals(0, roundTwoInFirst, "the older stream read some of the new round's events: " + firstFrames);
          assertEquals(0, secondFrames.stream().filter(frame -> frame.contains("\"role\": \"assistant\"")).count()
              + firstFrames.stream().filter(frame -> frame.contains("\"role\": \"assistant\"")).count() - 1,
              "the answer went to exactly one of them");
        }
      }
    }
  }
}
