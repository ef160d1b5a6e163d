package dev.threadline.it;

import static dev.threadline.it.Harness.START;
import static dev.threadline.it.Harness.fakeServer;
import static dev.threadline.it.Harness.fastClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ResumableStream;
import dev.threadline.SendCall;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.testkit.Fault;
import dev.threadline.testkit.ReceivedRequest;
import dev.threadline.testkit.ResumeMode;
import dev.threadline.testkit.Round;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the backend offers a resumable stream, a lost stream is resumed from the last event, not polled. */
class ResumableRecoveryTest {
  private Harness harness;

  @AfterEach void tearDown() {
    if (harness != null) harness.close();
  }

  private ThreadState sendWith(ResumeMode mode, ResumableStream resumable, Fault fault) throws Exception {
    harness = new Harness(fakeServer(7).resumeMode(mode).pacing(Duration.ofMillis(20)),
        fastClient().resumableStream(resumable));
    harness.server.script().nextRound(Round.reply("Refunds take 5 days.").logs(5));
    harness.server.faults().nextStreams(1, fault);
    SendCall call = harness.client.send(UserInput.of("What is our refund policy?"));
    ThreadState done = call.result().get(30, TimeUnit.SECONDS);
    harness.assertMatchesServer(call.workflowId().get(), done);
    assertEquals(1, harness.server.countRequests("POST", START));
    return done;
  }

  private List<ReceivedRequest> resumes() {
    return harness.server.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().endsWith("/stream")).collect(Collectors.toList());
  }

  @Test void aDroppedStreamResumesAfterTheLastEventId() throws Exception {
    sendWith(ResumeMode.EVENT_IDS, ResumableStream.lastEventId("{workflowId}/stream"), Fault.resetAfterEvents(3));

    List<ReceivedRequest> resumes = resumes();
    assertEquals(1, resumes.size());
    assertEquals("3", resumes.get(0).header("Last-Event-ID"));
  }

  @Test void aDroppedStreamResumesAfterTheLastSequenceId() throws Exception {
    sendWith(ResumeMode.SEQ_CURSOR, ResumableStream.sequenceCursor("{workflowId}/stream", "starting_after", "seq_id"),
        Fault.resetAfterEvents(3));

    List<ReceivedRequest> resumes = resumes();
    assertEquals(1, resumes.size());
    assertEquals("3", resumes.get(0).queryParameter("starting_after"));
  }

  @Test void theStreamTimeLimitIsFollowedOnTheResumableStreamNotByPolling() throws Exception {
    sendWith(ResumeMode.EVENT_IDS, ResumableStream.lastEventId("{workflowId}/stream"),
        Fault.timeLimitAfter(Duration.ofMillis(60)));

    assertTrue(resumes().size() >= 1);
    long rereads = harness.server.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().endsWith("/threads")).count();
    assertEquals(1, rereads, "one final authoritative re-read, no polling");
  }

  @Test void aBackendWithoutTheResumableStreamFallsBackToReReading() throws Exception {
    sendWith(ResumeMode.NONE, ResumableStream.lastEventId("{workflowId}/stream"), Fault.resetAfterEvents(3));
  }
}
