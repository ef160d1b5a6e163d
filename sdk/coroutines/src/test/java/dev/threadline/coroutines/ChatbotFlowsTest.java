package dev.threadline.coroutines;

import static dev.threadline.coroutines.Coroutines.awaitMatching;
import static dev.threadline.coroutines.Coroutines.cancelAndJoin;
import static dev.threadline.coroutines.Coroutines.collectInto;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatbotClient;
import dev.threadline.ConnectionState;
import dev.threadline.CredentialsProvider;
import dev.threadline.SendCall;
import dev.threadline.ThreadListState;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.Workflow;
import dev.threadline.testkit.FakeChatbotExtension;
import dev.threadline.testkit.FakeChatbotServer;
import dev.threadline.testkit.Fault;
import dev.threadline.testkit.Round;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kotlinx.coroutines.CoroutineScope;
import kotlinx.coroutines.CoroutineScopeKt;
import kotlinx.coroutines.Dispatchers;
import kotlinx.coroutines.Job;
import kotlinx.coroutines.flow.SharingStarted;
import kotlinx.coroutines.flow.StateFlow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The flows against the testkit's fake backend, collected in coroutines as a Kotlin caller would. */
class ChatbotFlowsTest {
  @RegisterExtension
  final FakeChatbotExtension fake = FakeChatbotExtension.create(server -> server.token("token-alice", "alice")
      .pacing(Duration.ofMillis(40)).seed(7));

  final CoroutineScope scope = CoroutineScopeKt.CoroutineScope(Dispatchers.getDefault());
  /** Counts every observer call the client makes: none may follow a cancelled collection. */
  final AtomicInteger deliveries = new AtomicInteger();
  final Executor countingExecutor = task -> {
    deliveries.incrementAndGet();
    task.run();
  };
  ChatbotClient client;

  @AfterEach void tearDown() {
    CoroutineScopeKt.cancel(scope, null);
    if (client != null) client.close();
  }

  ChatbotClient client(FakeChatbotServer server, ConnectionEvents events) {
    ChatbotClient.Builder builder = ChatbotClient.builder().baseUrl(server.url())
        .credentials(CredentialsProvider.bearer("token-alice"))
        .callbackExecutor(countingExecutor);
    if (events != null) builder.eventListener(events);
    client = builder.build();
    return client;
  }

  @Test void aSendStreamsInAsAFlowToTheServersTruth() throws Exception {
    FakeChatbotServer server = fake.server();
    server.script().nextRound(Round.reply("Refunds take 5 days.").logs(3));
    // The server's first byte waits, so that the collector below subscribes while the prompt is still pending.
    server.faults().nextStreams(1, Fault.slowFirstByte(Duration.ofMillis(500)));
    SendCall call = client(server, null).send(UserInput.of("What is our refund policy?"));

    BlockingQueue<ThreadState> seen = new LinkedBlockingQueue<>();
    Job job = collectInto(scope, ChatbotFlows.send(call), seen);
    ThreadState first = seen.poll(10, TimeUnit.SECONDS);
    ThreadState done = awaitMatching(seen, s -> s.connection().kind() == ConnectionState.Kind.COMPLETED);
    cancelAndJoin(job);

    assertTrue(first.hasPendingWrites(), "the prompt shows at once, pending");
    assertEquals(server.truth(done.workflowId()).items(), done.items());
    assertEquals(1, server.countRequests("POST", "/api/chatbot/start/stream"));
  }

  @Test void cancellingTheCollectorClosesTheSubscriptionMidStream() throws Exception {
    FakeChatbotServer server = fake.server();
    server.script().nextRound(Round.reply("A long answer.").logs(30));
    ChatbotClient client = client(server, null);
    SendCall call = client.send(UserInput.of("Tell me everything"));
    String workflowId = call.workflowId().get(10, TimeUnit.SECONDS);

    BlockingQueue<ThreadState> seen = new LinkedBlockingQueue<>();
    Job job = collectInto(scope, ChatbotFlows.thread(client, workflowId), seen);
    awaitMatching(seen, s -> s.connection().kind() == ConnectionState.Kind.STREAMING && s.items().size() >= 3);
    cancelAndJoin(job);
    int deliveriesAtCancel = deliveries.get();
    seen.clear();

    server.awaitRoundFinished(workflowId);
    ThreadState done = call.result().get(10, TimeUnit.SECONDS);   // the round itself went on to its end
    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    assertTrue(job.isCancelled());
    assertTrue(seen.isEmpty(), "states after the collector was cancelled: " + seen);
    // The send's result future is the only delivery the client still makes: no observer call.
    assertTrue(deliveries.get() - deliveriesAtCancel <= 2,
        "observer deliveries after cancel: " + (deliveries.get() - deliveriesAtCancel));
  }

  @Test void aWatchedRunningThreadStopsBeingReReadWhenItsLastCollectorLeaves() throws Exception {
    FakeChatbotServer server = fake.server();
    server.script().nextRound(Round.longRun(Duration.ofSeconds(3)));
    ChatbotClient sender = client(server, null);
    String workflowId = sender.send(UserInput.of("Run for a while")).workflowId().get(10, TimeUnit.SECONDS);
    sender.close();                                              // the stream ends; the workflow runs on

    try (ChatbotClient watcher = ChatbotClient.builder().baseUrl(server.url())
        .credentials(CredentialsProvider.bearer("token-alice")).callbackExecutor(Runnable::run).build()) {
      BlockingQueue<ThreadState> seen = new LinkedBlockingQueue<>();
      Job job = collectInto(scope, ChatbotFlows.thread(watcher, workflowId), seen);
      awaitMatching(seen, s -> !s.isFromCache());
      cancelAndJoin(job);
      Thread.sleep(300);                                         // a read already under way may still answer
      int readsAtCancel = reads(server, workflowId);
      server.awaitRoundFinished(workflowId, Duration.ofSeconds(10));
      Thread.sleep(1500);
      assertTrue(seen.isEmpty() || seen.stream().allMatch(s -> !s.isFinished()), "no state after cancel");
      int readsAfter = reads(server, workflowId) - readsAtCancel;
      assertTrue(readsAfter <= 1, "re-reads of a thread nobody observes any more: " + readsAfter);
    }
  }

  /** The delivery count once it has stopped changing for a while. */
  private int settledDeliveries() throws InterruptedException {
    int last = -1;
    for (int i = 0; i < 50 && deliveries.get() != last; i++) {
      last = deliveries.get();
      Thread.sleep(200);
    }
    return deliveries.get();
  }

  @Test void theThreadListStateFlowObservesOnlyWhileCollected() throws Exception {
    FakeChatbotServer server = fake.server();
    String kept = server.createThread("alice", "Kept thread", "An answer.");
    String deleted = server.createThread("alice", "Deleted thread", "Another answer.");
    ChatbotClient client = client(server, null);
    StateFlow<ThreadListState> list = ChatbotFlows.threadListState(client, scope,
        SharingStarted.Companion.WhileSubscribed(0, Long.MAX_VALUE));
    assertTrue(list.getValue().threads().isEmpty());
    assertEquals(0, server.countRequests("GET", "/api/chatbot/threads"), "not observed before collected");

    BlockingQueue<ThreadListState> seen = new LinkedBlockingQueue<>();
    Job job = collectInto(scope, list, seen);
    ThreadListState both = awaitMatching(seen, s -> s.threads().size() == 2);
    assertEquals(List.of(deleted, kept), both.threads().stream().map(Workflow::id).collect(java.util.stream.Collectors.toList()));
    client.delete(deleted);
    awaitMatching(seen, s -> s.threads().size() == 1 && s.threads().get(0).id().equals(kept));
    cancelAndJoin(job);
    // stateIn stops its upstream (closing the SDK subscription) asynchronously after the last collector
    // leaves: wait until no delivery is under way, then nothing more may arrive.
    int deliveriesAtCancel = settledDeliveries();
    client.refreshThreads();
    server.createThread("alice", "Made after cancel", "…");
    Thread.sleep(300);
    assertEquals(deliveriesAtCancel, deliveries.get(), "the list observer was closed with the last collector");
    assertEquals(kept, list.getValue().threads().get(0).id());
  }

  @Test void connectionEventsAreASharedFlowOfTheListenersCalls() throws Exception {
    FakeChatbotServer server = fake.server();
    server.script().nextRound(Round.reply("After a flicker.").logs(3));
    server.faults().nextStreams(1, Fault.resetAfterEvents(2));
    ConnectionEvents events = new ConnectionEvents();
    ChatbotClient client = client(server, events);

    BlockingQueue<ConnectionEvent> first = new LinkedBlockingQueue<>();
    BlockingQueue<ConnectionEvent> second = new LinkedBlockingQueue<>();
    Job one = collectInto(scope, events.events(), first);
    Job two = collectInto(scope, events.events(), second);
    Thread.sleep(100);                                           // both collectors subscribed: nothing is replayed
    client.networkLost();
    client.networkAvailable();
    ThreadState done = client.send(UserInput.of("Hello")).result().get(15, TimeUnit.SECONDS);

    awaitMatching(first, e -> e.kind() == ConnectionEvent.Kind.RESYNC_FINISHED);
    cancelAndJoin(one);
    cancelAndJoin(two);
    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    List<ConnectionEvent> all = List.copyOf(second);
    assertEquals(ConnectionEvent.Kind.NETWORK_CHANGED, all.get(0).kind());
    assertFalse(all.get(0).networkAvailable());
    assertTrue(all.get(1).networkAvailable());
    assertEquals(ConnectionEvent.Kind.STREAM_OPENED, all.get(2).kind());
    assertTrue(all.stream().anyMatch(e -> e.kind() == ConnectionEvent.Kind.STREAM_ENDED && e.cause() != null),
        "the reset is reported: " + all);
  }

  private static int reads(FakeChatbotServer server, String workflowId) {
    return (int) server.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().equals("/api/chatbot/threads")
            && workflowId.equals(r.queryParameter("workflowId")))
        .count();
  }
}
