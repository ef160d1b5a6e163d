package dev.threadline.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.threadline.testkit.Round;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract against the backend's real route code, on a clock 60 times faster than real time (its 30 s
 * keepalive takes 0.5 s, its 300 s stream limit 5 s). Also what only the real code shows: the event manager's
 * shared queue, the user message in the snapshot and again live, and the route's treatment of error events
 * and of stored workflows without {@code maxSteps}.
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
    // Steps 0.4 s apart: the snapshot is read before the first log, even on a busy machine.
    real.backend().scriptNextRound(Round.reply("Paced.").logs(1), Duration.ofMillis(400));
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

  @Test void twoStreamsOfOneWorkflowSplitItsEventsBetweenThem() {
    RealBackend backend = real.backend();
    backend.scriptNextRound(Round.longRun(Duration.ofMinutes(5)).logs(1));
    try (BackendHttp http = http()) {
      String token = backend.token("alice");
      try (BackendHttp.SseStream first = http.stream(http.url("start/stream"), token, "{\"prompt\": \"One\"}")) {
        String workflowId = Json.stringAt(Json.parse(first.nextData(Duration.ofSeconds(15))), "item", "workflowId");
        // Ten events a quarter second apart (later than the new stream's snapshot, even on a busy machine):
        // each goes to whichever stream waits on the shared queue first.
        backend.scriptNextRound(Round.reply("Two answered.").logs(5), Duration.ofMillis(250));
        try (BackendHttp.SseStream second = http.stream(http.url("start/stream", "workflowId", workflowId), token,
            "{\"prompt\": \"Two\"}")) {
          Set<String> inSecond = roundTwoItems(second.readToEnd(backend.streamTimeLimit().plusSeconds(15)));
          Set<String> inFirst = roundTwoItems(first.readToEnd(backend.streamTimeLimit().plusSeconds(15)));
          inFirst.removeAll(inSecond);
          assertFalse(inFirst.isEmpty(), "the older stream read events of the new round that the new stream never got");
        }
      }
    }
  }

  private static Set<String> roundTwoItems(List<String> frames) {
    return frames.stream().filter(frame -> frame.contains("\"roundNumber\": 2")).collect(Collectors.toSet());
  }
}
