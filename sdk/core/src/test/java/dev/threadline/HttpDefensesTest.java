package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.sse;
import static dev.threadline.Fixtures.texts;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.wire;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a server gets wrong in its headers must not hang a call, throw on OkHttp's threads, or post a
 * prompt twice: absurd {@code Retry-After} values, and redirects from {@code start/stream}.
 */
class HttpDefensesTest {
  private static final String PROMPT = "What is our refund policy?";
  private static final String USER = message("msg_1", "user", PROMPT, 1, "1737331539.123456");
  private static final String ANSWER = message("msg_2", "assistant", "Refunds take 5 days.", 1, "1737331542.02");
  private static final List<String> BOTH = Arrays.asList(USER, ANSWER);

  private final MockWebServer server = new MockWebServer();
  private final List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
  private Thread.UncaughtExceptionHandler previousHandler;
  private ChatbotClient client;

  @BeforeEach void setUp() throws Exception {
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(error));
    server.start();
    client = ChatbotClient.builder().baseUrl(server.url("/"))
        .backoff(BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(5)).withMaxDelay(Duration.ofMillis(20))
            .withMaxRetryAfter(Duration.ofMillis(50)).withBudget(Duration.ofMillis(5_000)))
        .build();
  }

  @AfterEach void tearDown() {
    client.close();
    server.close();
    Thread.setDefaultUncaughtExceptionHandler(previousHandler);
  }

  @ParameterizedTest @ValueSource(ints = {503, 429})
  void anAbsurdRetryAfterIsClampedAndTheRefusedSendIsRetried(int status) throws Exception {
    server.enqueue(new MockResponse.Builder().code(status).setHeader("Retry-After", "99999999999")
        .body("{\"detail\": \"busy\"}").build());
    server.enqueue(sse(Fixtures.events(BOTH)));
    server.enqueue(new MockResponse.Builder().code(status).setHeader("Retry-After", "99999999999999999999999")
        .body("{\"detail\": \"busy\"}").build());
    server.enqueue(json(200, threadJson(workflow("completed", 1), BOTH)));

    ThreadState done = client.send(UserInput.of(PROMPT)).result().get(10, TimeUnit.SECONDS);

    assertEquals(wire(BOTH), texts(done));
    assertEquals(4, server.getRequestCount());
    assertEquals(Collections.emptyList(), uncaught);
  }

  @Test void aBlockingCallWithAnAbsurdRetryAfterGetsItsTypedError() {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "99999999999").build());

    ServerException error = assertThrows(ServerException.class,
        () -> client.getThread(WF));

    assertEquals(503, error.statusCode());
    assertTrue(error.retryAfter().compareTo(Duration.ZERO) > 0, "retry after " + error.retryAfter());
  }

  @ParameterizedTest @ValueSource(ints = {301, 302, 303, 307, 308})
  void aRedirectedPostIsDeliveredOnceAndRecoveredByFindingTheThread(int status) throws Exception {
    String dead;
    try (ServerSocket socket = new ServerSocket(0)) {
      dead = "http://127.0.0.1:" + socket.getLocalPort() + "/api/chatbot/start/stream";
    }
    String target = status >= 307 ? server.url("/api/chatbot/start/stream").toString() : dead;
    AtomicInteger posts = new AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        if (request.getMethod().equals("POST")) {
          posts.incrementAndGet();
          return new MockResponse.Builder().code(status).setHeader("Location", target).build();
        }
        if (request.getTarget().equals("/api/chatbot/threads")) {
          return json(200, "{\"items\": [" + workflow("completed", 1) + "], \"pagination\": {\"currentPage\": 1, "
              + "\"pageSize\": 1, \"totalItems\": 1, \"totalPages\": 1}}");
        }
        return json(200, threadJson(workflow("completed", 1), BOTH));
      }
    });
    RecordingObserver observer = new RecordingObserver();
    SendCall call = client.send(UserInput.of(PROMPT));
    call.observe(observer);

    ThreadState done = call.result().get(10, TimeUnit.SECONDS);

    assertEquals(wire(BOTH), texts(done));
    assertEquals(WF, call.workflowId().get(1, TimeUnit.SECONDS));
    assertEquals(1, posts.get(), "prompt posted");
    observer.awaitError(e -> e instanceof DeliveryUnknownException && e.statusCode() == status);
    assertEquals(Collections.emptyList(), uncaught);
  }

  @Test void aCredentialsProviderThatThrowsFailsTheCallsNotOkHttpsThread() throws Exception {
    client.close();
    client = ChatbotClient.builder().baseUrl(server.url("/"))
        .credentials(refresh -> {
          throw new IllegalStateException("token store locked");
        })
        .backoff(BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(5)).withMaxDelay(Duration.ofMillis(20))
            .withBudget(Duration.ofMillis(300)))
        .build();

    ExecutionException listed = assertThrows(ExecutionException.class,
        () -> client.listThreadsAsync(PageRequest.firstPage(10)).get(10, TimeUnit.SECONDS));
    ExecutionException sent = assertThrows(ExecutionException.class,
        () -> client.send(UserInput.of(PROMPT)).result().get(10, TimeUnit.SECONDS));

    assertInstanceOf(NetworkException.class, listed.getCause());
    assertInstanceOf(ChatbotException.class, sent.getCause());
    assertTrue(listed.getCause().getMessage().contains("token store locked"), listed.getCause().getMessage());
    assertEquals(0, server.getRequestCount());
    assertEquals(Collections.emptyList(), uncaught);
  }
}
