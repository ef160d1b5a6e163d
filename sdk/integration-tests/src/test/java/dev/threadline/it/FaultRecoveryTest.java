package dev.threadline.it;

import static dev.threadline.it.Harness.START;
import static dev.threadline.it.Harness.fakeServer;
import static dev.threadline.it.Harness.fastClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.BackoffPolicy;
import dev.threadline.ConnectionState;
import dev.threadline.GaveUpException;
import dev.threadline.SendCall;
import dev.threadline.ServerException;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.testkit.Fault;
import dev.threadline.testkit.Round;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One test per fault mode: the thread ends equal to the server's, and the prompt was accepted once. */
class FaultRecoveryTest {
  private Harness harness;

  @AfterEach void tearDown() {
    if (harness != null) harness.close();
  }

  private Harness start(Duration pacing) {
    harness = new Harness(fakeServer(42).pacing(pacing), fastClient());
    harness.server.script().nextRound(Round.reply("Refunds take 5 days.").logs(4));
    return harness;
  }

  private ThreadState sendAndFinish(String prompt) throws Exception {
    SendCall call = harness.client.send(UserInput.of(prompt));
    ThreadState done = call.result().get(30, TimeUnit.SECONDS);
    harness.assertMatchesServer(call.workflowId().get(1, TimeUnit.SECONDS), done);
    assertEquals(1, harness.acceptedPrompts(), "the prompt was accepted more than once");
    return done;
  }

  @Test void aResetMidStreamIsRecoveredByReReading() throws Exception {
    start(Duration.ofMillis(20)).server.faults().nextStreams(1, Fault.resetAfterEvents(2));
    ThreadState done = sendAndFinish("What is our refund policy?");
    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    assertEquals(1, harness.server.countRequests("POST", START));
  }

  @Test void aResetBeforeTheFirstEventFindsTheNewThreadInTheList() throws Exception {
    start(Duration.ofMillis(20)).server.faults().nextStreams(1, Fault.resetAfterEvents(0));
    sendAndFinish("Where is my order?");
    assertEquals(1, harness.server.countRequests("POST", START));
  }

  @Test void aCleanEarlyCloseWhileTheWorkflowRunsIsFollowedUntilItEnds() throws Exception {
    start(Duration.ofMillis(20)).server.faults().nextStreams(1, Fault.cleanCloseAfterEvents(2));
    sendAndFinish("What is our refund policy?");
    assertEquals(1, harness.server.countRequests("POST", START));
  }

  @Test void aStalledStreamIsDeclaredDeadByTheLivenessLimit() throws Exception {
    start(Duration.ofMillis(20)).server.faults().nextStreams(1, Fault.stallAfterEvents(2));
    sendAndFinish("What is our refund policy?");
    assertEquals(1, harness.server.countRequests("POST", START));
  }

  @Test void duplicatedEventsAreShownOnce() throws Exception {
    start(Duration.ZERO).server.faults().nextStreams(1, Fault.duplicateEvents());
    sendAndFinish("What is our refund policy?");
    assertTrue(harness.client.stats().duplicatesAbsorbed() > 0);
  }

  @Test void aMalformedLineIsSkippedAndTheStreamGoesOn() throws Exception {
    start(Duration.ZERO).server.faults().nextStreams(1, Fault.malformedLine(2));
    RecordingThread recorder = new RecordingThread();
    SendCall call = harness.client.send(UserInput.of("What is our refund policy?"));
    call.observe(recorder);
    ThreadState done = call.result().get(30, TimeUnit.SECONDS);
    harness.assertMatchesServer(call.workflowId().get(), done);
    recorder.awaitProtocolWarning();
  }

  @Test void anUnknownItemTypeIsKept() throws Exception {
    start(Duration.ZERO).server.faults().nextStreams(1, Fault.unknownType(2));
    ThreadState done = sendAndFinish("What is our refund policy?");
    assertTrue(done.items().stream().anyMatch(item -> item.type().equals("chart")));
  }

  @Test void unavailableIsRetriedAfterRetryAfterAndAcceptedOnce() throws Exception {
    start(Duration.ZERO).server.faults().nextRequests("POST", START, 2, Fault.status(503, 1));
    sendAndFinish("What is our refund policy?");
    assertEquals(3, harness.server.countRequests("POST", START), "two refused, one accepted");
  }

  @Test void rateLimitedIsRetriedAndAcceptedOnce() throws Exception {
    start(Duration.ZERO).server.faults().nextRequests("POST", START, 2, Fault.status(429, 1));
    sendAndFinish("What is our refund policy?");
    assertEquals(3, harness.server.countRequests("POST", START));
  }

  @Test void aSlowFirstByteIsWaitedFor() throws Exception {
    start(Duration.ZERO).server.faults().nextStreams(1, Fault.slowFirstByte(Duration.ofMillis(300)));
    sendAndFinish("What is our refund policy?");
    assertEquals(1, harness.server.countRequests("POST", START));
  }

  @Test void theStreamTimeLimitEndsTheStreamButNotTheRound() throws Exception {
    start(Duration.ofMillis(30)).server.faults().nextStreams(1, Fault.timeLimitAfter(Duration.ofMillis(60)));
    ThreadState done = sendAndFinish("What is our refund policy?");
    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    assertEquals(1, harness.server.countRequests("POST", START));
  }

  @Test void aServerErrorAfterTheRequestLeftIsNeverPostedAgain() throws Exception {
    harness = new Harness(fakeServer(42), fastClient()
        .backoff(BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(5)).withMaxDelay(Duration.ofMillis(50))
            .withBudget(Duration.ofMillis(500))));
    harness.server.faults().nextRequests("POST", START, 1, Fault.status(500));

    SendCall call = harness.client.send(UserInput.of("What is our refund policy?"));
    ExecutionException failure = assertThrows(ExecutionException.class, () -> call.result().get(30, TimeUnit.SECONDS));

    GaveUpException gaveUp = assertInstanceOf(GaveUpException.class, failure.getCause());
    assertEquals(500, assertInstanceOf(ServerException.class, gaveUp.lastCause()).statusCode());
    assertTrue(gaveUp.attempts() >= 2, "tries: " + gaveUp.attempts());
    assertEquals(1, harness.server.countRequests("POST", START), "delivery unknown: never POST again");
    assertEquals(1, harness.client.stats().gaveUp());
  }

  @Test void aFailedWorkflowEndsAsFailed() throws Exception {
    harness = new Harness(fakeServer(42), fastClient());
    harness.server.script().nextRound(Round.failure("model unavailable"));
    SendCall call = harness.client.send(UserInput.of("What is our refund policy?"));
    ThreadState done = call.result().get(30, TimeUnit.SECONDS);
    harness.assertMatchesServer(call.workflowId().get(), done);
    assertEquals(ConnectionState.Kind.FAILED, done.connection().kind());
  }
}
