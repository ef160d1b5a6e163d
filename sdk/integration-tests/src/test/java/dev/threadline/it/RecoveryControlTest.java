package dev.threadline.it;

import static dev.threadline.it.Harness.START;
import static dev.threadline.it.Harness.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.BackoffPolicy;
import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotEventListener;
import dev.threadline.ConnectionState;
import dev.threadline.CredentialsProvider;
import dev.threadline.InMemoryThreadStore;
import dev.threadline.NotFoundException;
import dev.threadline.RoundRef;
import dev.threadline.SendCall;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.testkit.FakeChatbotServer;
import dev.threadline.testkit.Fault;
import dev.threadline.testkit.Round;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** What the app controls during recovery: network hints, stop, delete, close; and what recovery leaves behind. */
class RecoveryControlTest {
  /** A backoff so slow that only the app's action can end the wait within the test's time. */
  private static final BackoffPolicy SLOW = BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(60_000))
      .withMaxDelay(Duration.ofMillis(60_000)).withRandom(() -> 0.999);

  @Test void offlineShowsTheCacheAndTheNetworkComingBackRetriesAtOnce() throws Exception {
    int port;
    try (ServerSocket reserved = new ServerSocket(0)) {
      port = reserved.getLocalPort();
    }
    ChatbotClient client = ChatbotClient.builder()
        .baseUrl(new HttpUrl.Builder().scheme("http").host("127.0.0.1").port(port).build())
        .credentials(CredentialsProvider.bearer(TOKEN)).backoff(SLOW).build();
    RecordingThread observer = new RecordingThread();
    SendCall call = client.send(UserInput.of("Are you there?"));
    call.observe(observer);

    // Nobody listens: the connection is refused, so the prompt provably did not arrive; a retry waits.
    observer.await(state -> state.connection().kind() == ConnectionState.Kind.RECONNECTING);
    client.networkLost();
    observer.await(state -> state.connection().kind() == ConnectionState.Kind.OFFLINE
        && state.hasPendingWrites());

    // The server (re)starts on that port; the app says the network is back.
    try (FakeChatbotServer server = Harness.fakeServer(3).port(port).start()) {
      client.networkAvailable();
      ThreadState done = call.result().get(10, TimeUnit.SECONDS);
      String workflowId = call.workflowId().get();
      server.awaitRoundFinished(workflowId);
      assertEquals(server.truth(workflowId).items(), done.items());
      assertEquals(1, server.countRequests("POST", START));
    } finally {
      client.close();
    }
  }

  private static Harness runningThreadAwaitingRetry(RecordingThread observer) throws Exception {
    Harness harness = new Harness(Harness.fakeServer(5).pacing(Duration.ofMillis(5)),
        Harness.fastClient().backoff(SLOW).store(new InMemoryThreadStore()));
    harness.server.script().nextRound(Round.longRun(Duration.ofSeconds(30)));
    // The stream ends at its time limit while the workflow runs on; the client re-reads, then waits.
    harness.server.faults().nextStreams(1, Fault.timeLimitAfter(Duration.ofMillis(50)));
    return harness;
  }

  @Test void stoppingAThreadWhileRecoveryWaitsEndsTheRoundAsStopped() throws Exception {
    RecordingThread observer = new RecordingThread();
    try (Harness harness = runningThreadAwaitingRetry(observer)) {
      SendCall call = harness.client.send(UserInput.of("Take your time"));
      call.observe(observer);
      observer.await(state -> state.connection().kind() == ConnectionState.Kind.RECONNECTING);

      harness.client.stop(call.workflowId().get());
      ThreadState done = call.result().get(5, TimeUnit.SECONDS);

      assertEquals(ConnectionState.Kind.STOPPED, done.connection().kind());
      harness.assertMatchesServer(call.workflowId().get(), done);
    }
  }

  @Test void deletingAThreadWhileRecoveryWaitsForgetsIt() throws Exception {
    RecordingThread observer = new RecordingThread();
    try (Harness harness = runningThreadAwaitingRetry(observer)) {
      SendCall call = harness.client.send(UserInput.of("Take your time"));
      call.observe(observer);
      observer.await(state -> state.connection().kind() == ConnectionState.Kind.RECONNECTING);
      String workflowId = call.workflowId().get();

      harness.client.delete(workflowId);

      ExecutionException failure = assertThrows(ExecutionException.class, () -> call.result().get(5, TimeUnit.SECONDS));
      assertInstanceOf(NotFoundException.class, failure.getCause());
      observer.await(state -> state.items().isEmpty() && state.workflow() == null);
      assertTrue(harness.client.flushCache(Duration.ofSeconds(5)));
      assertTrue(!harness.server.hasThread(workflowId));
    }
  }

  @Test void closingTheClientDuringRecoveryReturnsAtOnceAndStopsEverything() throws Exception {
    RecordingThread observer = new RecordingThread();
    try (Harness harness = runningThreadAwaitingRetry(observer)) {
      harness.client.send(UserInput.of("Take your time")).observe(observer);
      observer.await(state -> state.connection().kind() == ConnectionState.Kind.RECONNECTING);
      int requestsBefore = harness.server.requests().size();

      long start = System.nanoTime();
      harness.client.close();
      long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertTrue(closeMillis < 100, "close took " + closeMillis + " ms");
      awaitNoSdkThreads();
      assertEquals(requestsBefore, harness.server.requests().size());
    }
  }

  @Test void aThousandRecoveriesLeaveNoThreadOrConnectionBehind() throws Exception {
    OkHttpClient shared = new OkHttpClient();
    List<String> events = new CopyOnWriteArrayList<>();
    try (FakeChatbotServer server = Harness.fakeServer(11).start()) {
      ChatbotClient client = Harness.fastClient().baseUrl(server.url()).okHttpClient(shared)
          .eventListener(new ChatbotEventListener() {
            @Override public void resyncStarted(RoundRef round) {
              events.add("resync");
            }
          }).build();
      server.faults().nextStreams(1000, Fault.resetAfterEvents(1));
      long sdkThreadsAfterWarmUp = 0;
      for (int i = 0; i < 1000; i++) {
        server.script().nextRound(Round.reply("ok").logs(1));
        client.send(UserInput.of("Recovery " + i)).result().get(10, TimeUnit.SECONDS);
        if (i == 10) sdkThreadsAfterWarmUp = sdkThreads();
      }
      // At least one re-read per recovery; a round still running at its first re-read is read again later.
      assertTrue(events.size() >= 1000, "re-reads: " + events.size());
      // Only what the SDK owns counts: its threads by name (OkHttp's idle dispatcher threads and the fake
      // server's come and go on their own), and its calls on the app's OkHttpClient, none of which may
      // outlive the sends. Threads with a bounded keep-alive may take a while to end.
      awaitAtMost("threadline threads (" + sdkThreadsAfterWarmUp + " after warm-up)",
          RecoveryControlTest::sdkThreads, sdkThreadsAfterWarmUp + 2);
      awaitAtMost("calls of the SDK still running or queued on the app's client",
          () -> shared.dispatcher().runningCallsCount() + shared.dispatcher().queuedCallsCount(), 0);
      assertTrue(shared.connectionPool().connectionCount() <= 5,
          "open connections: " + shared.connectionPool().connectionCount());
      assertEquals(events.size(), client.stats().resyncs());
      client.close();
    }
    awaitNoSdkThreads();
  }

  private static void awaitNoSdkThreads() throws InterruptedException {
    awaitAtMost("threadline threads alive after close()", RecoveryControlTest::sdkThreads, 0);
  }

  /**
   * Waits until {@code count} is at most {@code max}. The wait is generous (a thread of the SDK's with a
   * bounded keep-alive ends when that runs out), so only something that never ends fails it: a leak.
   */
  private static void awaitAtMost(String what, LongSupplier count, long max) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (count.getAsLong() > max && System.nanoTime() < deadline) Thread.sleep(20);
    long last = count.getAsLong();
    assertTrue(last <= max, what + ": " + last + ", expected at most " + max);
  }

  private static long sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().startsWith("threadline-")).count();
  }
}
