package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.events;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.sse;
import static dev.threadline.Fixtures.sseThenDrop;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** The listener's events name the send they belong to, and every start has its end. */
class ListenerPairingTest {
  private static final String USER = message("msg_1", "user", "Hi", 1, "1.5");
  private static final String ANSWER = message("msg_2", "assistant", "Hello", 1, "2.5");
  private static final String USER_2 = message("msg_3", "user", "Again", 2, "3.5");
  private static final String ANSWER_2 = message("msg_4", "assistant", "Hello again", 2, "4.5");

  /** Records the start and end events as "name workflowId sendId", and checks that they pair up as they come. */
  private static final class PairLog extends ChatbotEventListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> unpaired = new CopyOnWriteArrayList<>();
    final CompletableFuture<Throwable> resyncFailure = new CompletableFuture<>();
    final CompletableFuture<RoundRef> resyncStart = new CompletableFuture<>();
    private final Deque<String> open = new ConcurrentLinkedDeque<>();

    private void start(String kind, String name, RoundRef round) {
      record(name, round);
      if (open.contains(kind)) unpaired.add("second " + kind + " before the first ended: " + round);
      open.push(kind);
    }

    private void end(String kind, String name, RoundRef round) {
      record(name, round);
      if (!open.remove(kind)) unpaired.add(name + " without a start: " + round);
    }

    private void record(String name, RoundRef round) {
      events.add(name + " " + round.workflowId() + " " + round.sendId());
    }

    /** The events whose text matches {@code filter}, in order. */
    List<String> named(Predicate<String> filter) {
      return events.stream().filter(filter).collect(Collectors.toList());
    }

    /** What started and has not ended. */
    List<String> stillOpen() {
      return Arrays.asList(open.toArray(new String[0]));
    }

    @Override public void streamOpened(RoundRef round) {
      start("stream", "streamOpened", round);
    }

    @Override public void streamEnded(RoundRef round, Throwable cause) {
      // A stream that fails before it opens reports its end alone: only an opened one has a start to pair.
      if (open.contains("stream")) {
        end("stream", "streamEnded", round);
      } else {
        record("streamFailedToOpen", round);
      }
    }

    @Override public void resyncStarted(RoundRef round) {
      start("resync", "resyncStarted", round);
      resyncStart.complete(round);
    }

    @Override public void resyncFinished(RoundRef round, int duplicates) {
      end("resync", "resyncFinished", round);
    }

    @Override public void resyncFailed(RoundRef round, Throwable cause) {
      end("resync", "resyncFailed", round);
      resyncFailure.complete(cause);
    }

    @Override public void reconnectScheduled(RoundRef round, int attempt, Duration delay, Throwable cause) {
      record("reconnectScheduled", round);
    }

    @Override public void delivered(RoundRef round, ChangeSource source, int duplicates) {
      record("delivered " + source, round);
    }
  }

  private static ChatbotClient client(MockWebServer server, PairLog log) {
    return ChatbotClient.builder().baseUrl(server.url("/")).callbackExecutor(Runnable::run).eventListener(log)
        .backoff(BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(5))
            .withMaxDelay(Duration.ofMillis(20))).build();
  }

  @Test void everyEventOfASendThroughADropAndAFailedReReadCarriesItsHandle() throws Exception {
    PairLog log = new PairLog();
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      // The first round: the stream drops after the prompt, the first re-read answers another workflow (a
      // protocol error, retried), the second one the round's end. The second round streams to its end.
      server.enqueue(sseThenDrop(events(Collections.singletonList(USER))));
      server.enqueue(json(200, threadJson(workflow("completed", 1).replace(WF, "wf_other"),
          Collections.emptyList())));
      server.enqueue(json(200, threadJson(workflow("completed", 1), Arrays.asList(USER, ANSWER))));
      server.enqueue(sse(events(Arrays.asList(USER_2, ANSWER_2))));
      server.enqueue(json(200, threadJson(workflow("completed", 2), Arrays.asList(USER, ANSWER, USER_2, ANSWER_2))));

      long first;
      long second;
      try (ChatbotClient client = client(server, log)) {
        SendCall call = client.send(UserInput.of("Hi"));
        call.result().get(10, TimeUnit.SECONDS);
        SendCall next = client.send(UserInput.builder("Again").workflowId(WF).build());
        next.result().get(10, TimeUnit.SECONDS);
        first = call.id();
        second = next.id();
      }

      assertNotEquals(first, second, "each send has its own handle");
      assertEquals(Arrays.asList(
          "streamOpened null " + first,
          "streamEnded " + WF + " " + first,
          "resyncStarted " + WF + " " + first,
          "resyncFailed " + WF + " " + first,
          "reconnectScheduled " + WF + " " + first,
          "resyncStarted " + WF + " " + first,
          "resyncFinished " + WF + " " + first,
          "streamOpened " + WF + " " + second,
          "streamEnded " + WF + " " + second,
          "resyncStarted " + WF + " " + second,
          "resyncFinished " + WF + " " + second), log.named(name -> !name.startsWith("delivered")));
      assertEquals(Arrays.asList(
          "delivered LOCAL_ECHO null " + first,
          "delivered LIVE " + WF + " " + first,
          "delivered REREAD " + WF + " " + first,
          "delivered LOCAL_ECHO " + WF + " " + second,
          "delivered LIVE " + WF + " " + second,
          "delivered LIVE " + WF + " " + second,
          "delivered REREAD " + WF + " " + second),
          log.named(name -> name.startsWith("delivered") && !name.startsWith("delivered CACHE")));
      // The second send's thread is read from the cache too, at a moment that depends on the store's thread.
      for (String cache : log.named(name -> name.startsWith("delivered CACHE"))) {
        assertEquals("delivered CACHE " + WF + " " + second, cache);
      }
      assertEquals(Collections.emptyList(), log.unpaired);
      assertEquals(Collections.emptyList(), log.stillOpen());
    }
  }

  @Test void aReReadForAnObserverNamesNoSendAndEndsWhenTheClientClosesUnderIt() throws Exception {
    PairLog log = new PairLog();
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
          .body(threadJson(workflow("completed", 1), Collections.emptyList()))
          .headersDelay(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS).build());

      ChatbotClient client = client(server, log);
      client.observeThread(WF, new RecordingObserver());
      RoundRef reading = log.resyncStart.get(10, TimeUnit.SECONDS);
      client.close();

      assertInstanceOf(CancellationException.class, log.resyncFailure.get(10, TimeUnit.SECONDS));
      assertEquals(RoundRef.of(WF, 0), reading, "a re-read for an observer serves no send");
      assertTrue(log.events.contains("resyncFailed " + WF + " 0"), log.events.toString());
      assertEquals(Collections.emptyList(), log.unpaired);
      assertEquals(Collections.emptyList(), log.stillOpen());
    }
  }
}
