package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.events;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.sse;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the backend's route code does to a client (PROTOCOL.md, "What the route code does"), each against a
 * real local HTTP server that behaves as the route code does.
 */
class RouteCodeBehaviourTest {
  private static final String USER = message("msg_1", "user", "Hi", 1, "1737331539.1");
  private static final String ANSWER = message("msg_2", "assistant", "Hello", 1, "1737331540.2");
  private static final String USER_2 = message("msg_3", "user", "More", 2, "1737331550.1");
  private static final String ANSWER_2 = message("msg_4", "assistant", "Sure", 2, "1737331551.2");

  private final MockWebServer server = new MockWebServer();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private ChatbotClient client;

  @BeforeEach void setUp() throws Exception {
    server.start();
  }

  @AfterEach void tearDown() {
    if (client != null) client.close();
    server.close();
  }

  private ChatbotClient.Builder builder() {
    return ChatbotClient.builder().baseUrl(server.url("/")).callbackExecutor(Runnable::run);
  }

  /** Answers each request with {@code route}'s response, recording "METHOD target". */
  private void route(Function<RecordedRequest, MockResponse> route) {
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        requests.add(request.getMethod() + " " + request.getTarget());
        return route.apply(request);
      }
    });
  }

  @Test void aStartStreamFailureNaming404InsideA500MeansTheThreadIsGone() throws Exception {
    route(request -> json(500, "{\"detail\": \"404: Workflow with ID " + WF + " not found\"}"));
    InMemoryThreadStore store = new InMemoryThreadStore();
    store.apply(Collections.singletonList(new ThreadChange(Workflow.fromJson(workflow("completed", 1)),
        Collections.singletonList(ChatItem.fromJson(USER)), Collections.emptyList())));
    client = builder().store(store).build();

    SendCall call = client.send(UserInput.builder("More").workflowId(WF).build());
    ExecutionException failed = assertThrows(ExecutionException.class, () -> call.result().get(5, TimeUnit.SECONDS));

    NotFoundException notFound = assertInstanceOf(NotFoundException.class, failed.getCause());
    assertEquals(500, notFound.statusCode());
    assertEquals("404: Workflow with ID " + WF + " not found", notFound.detail());
    assertTrue(client.flushCache(Duration.ofSeconds(5)));
    assertNull(store.loadThread(WF), "the cache forgets a thread the server does not have");
    assertEquals(Collections.singletonList("POST /api/chatbot/start/stream?workflowId=" + WF), requests,
        "a refused prompt is neither re-read nor sent again");
  }

  @Test void stopOfAnUnknownThreadIsNotFoundThoughTheRouteAnswers500() {
    route(request -> json(500, "{\"detail\": \"404: Workflow with ID wf_gone not found\"}"));
    client = builder().build();

    NotFoundException notFound = assertThrows(NotFoundException.class, () -> client.stop("wf_gone"));

    assertEquals(500, notFound.statusCode());
  }

  @Test void olderStarletteSpellingOfTheWrappedStatusIsUnderstoodToo() {
    route(request -> json(500, "{\"detail\": \"(404, 'Workflow with ID wf_gone not found')\"}"));
    client = builder().build();

    assertThrows(NotFoundException.class, () -> client.stop("wf_gone"));
  }

  @Test void aPlain500StaysAServerError() {
    route(request -> json(500, "{\"detail\": \"database unavailable\"}"));
    client = builder().build();

    ServerException error = assertThrows(ServerException.class, () -> client.stop(WF));

    assertEquals("database unavailable", error.detail());
  }

  @Test void deletingAThreadEndsItsOwnStreamAndSendAtOnce() throws Exception {
    OpenStream stream = new OpenStream(events(Collections.singletonList(USER)));
    route(request -> {
      if (request.getMethod().equals("POST")) return stream.response();
      if (request.getMethod().equals("DELETE")) {
        return json(200, "{\"id\": \"" + WF + "\", \"message\": \"Chatbot workflow and associated data deleted successfully\"}");
      }
      return json(404, "{\"detail\": \"Workflow with ID " + WF + " not found\"}");
    });
    client = builder().build();
    SendCall call = client.send(UserInput.of("Hi"));
    assertEquals(WF, call.workflowId().get(5, TimeUnit.SECONDS));

    client.delete(WF);

    ExecutionException failed = assertThrows(ExecutionException.class, () -> call.result().get(5, TimeUnit.SECONDS));
    assertInstanceOf(NotFoundException.class, failed.getCause());
    assertTrue(stream.hungUp.await(5, TimeUnit.SECONDS), "the deleted thread's stream is still open");
  }

  @Test void continuingAThreadClosesItsOwnOlderStreamFirst() throws Exception {
    OpenStream firstRound = new OpenStream(events(Collections.singletonList(USER)));
    route(request -> {
      if (request.getMethod().equals("POST") && request.getTarget().contains("workflowId")) {
        return sse(events(Arrays.asList(USER_2, ANSWER_2)));
      }
      if (request.getMethod().equals("POST")) return firstRound.response();
      return json(200, threadJson(workflow("completed", 2), Arrays.asList(USER, ANSWER, USER_2, ANSWER_2)));
    });
    client = builder().build();
    SendCall first = client.send(UserInput.of("Hi"));
    assertEquals(WF, first.workflowId().get(5, TimeUnit.SECONDS));

    SendCall second = client.send(UserInput.builder("More").workflowId(WF).build());

    assertTrue(firstRound.hungUp.await(5, TimeUnit.SECONDS), "two streams of one workflow split its events");
    ThreadState done = second.result().get(5, TimeUnit.SECONDS);
    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    assertEquals(4, done.items().size());
  }

  @Test void aStreamSilentButForKeepalivesAfterItsRoundEndedIsCheckedAndClosed() throws Exception {
    // The round's "complete" went to another reader: this stream only sends keepalives until its limit.
    OpenStream stream = new OpenStream(events(Arrays.asList(USER, ANSWER)));
    route(request -> request.getMethod().equals("POST") ? stream.response()
        : json(200, threadJson(workflow("completed", 1), Arrays.asList(USER, ANSWER))));
    client = builder().silentStreamCheck(Duration.ofMillis(300)).build();

    SendCall call = client.send(UserInput.of("Hi"));
    ThreadState done = call.result().get(10, TimeUnit.SECONDS);

    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind());
    assertEquals(2, done.items().size());
    assertTrue(stream.hungUp.await(5, TimeUnit.SECONDS), "the stream of an ended round is still open");
  }

  @Test void aSilentStreamOfARunningRoundStaysOpen() throws Exception {
    OpenStream stream = new OpenStream(events(Collections.singletonList(USER)));
    route(request -> request.getMethod().equals("POST") ? stream.response()
        : json(200, threadJson(workflow("running", 1), Collections.singletonList(USER))));
    client = builder().silentStreamCheck(Duration.ofMillis(100)).build();
    RecordingObserver observer = new RecordingObserver();

    client.send(UserInput.of("Hi")).observe(observer);

    awaitTrue(() -> requests.stream().filter(r -> r.startsWith("GET")).count() >= 2);
    assertFalse(stream.hungUp.await(200, TimeUnit.MILLISECONDS), "the stream of a running round was closed");
    ThreadState last = observer.states.get(observer.states.size() - 1);
    assertEquals(ConnectionState.Kind.STREAMING, last.connection().kind());
    assertEquals(1, last.items().size());
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met in 10 s");
      Thread.sleep(10);
    }
  }

  /**
   * An event stream that sends its events, then only keepalives until the client hangs up, as the route
   * does when its round ended without this stream hearing of it.
   */
  static final class OpenStream implements MockResponseBody {
    final CountDownLatch hungUp = new CountDownLatch(1);
    private final String events;

    OpenStream(String events) {
      this.events = events;
    }

    MockResponse response() {
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(this).build();
    }

    @Override public long getContentLength() {
      return -1;
    }

    @Override public void writeTo(BufferedSink sink) throws IOException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      try {
        sink.writeUtf8(events);
        sink.flush();
        while (System.nanoTime() < end) {
          Thread.sleep(20);
          sink.writeUtf8(": keepalive\n\n");
          sink.flush();
        }
      } catch (IOException e) {
        hungUp.countDown();
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
