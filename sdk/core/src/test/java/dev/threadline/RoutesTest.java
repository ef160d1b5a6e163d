package dev.threadline;

import static dev.threadline.Fixtures.WF;
import static dev.threadline.Fixtures.json;
import static dev.threadline.Fixtures.message;
import static dev.threadline.Fixtures.threadJson;
import static dev.threadline.Fixtures.wire;
import static dev.threadline.Fixtures.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every REST route: the exact request, the answer read, and each error status as its exception. */
class RoutesTest {
  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger tokenVersion = new AtomicInteger(1);
  private ChatbotClient client;

  @BeforeEach void setUp() throws Exception {
    server.start();
    client = ChatbotClient.builder()
        .baseUrl(server.url("/"))
        .credentials(refresh -> {
          if (refresh) tokenVersion.incrementAndGet();
          return Collections.singletonMap("Authorization", "Bearer token-v" + tokenVersion.get());
        })
        .build();
  }

  @AfterEach void tearDown() {
    client.close();
    server.close();
  }

  private RecordedRequest take() throws InterruptedException {
    return server.takeRequest(1, TimeUnit.SECONDS);
  }

  private static String page(List<String> workflows, int current, int size, int total, int pages) {
    return "{\"items\": [" + String.join(", ", workflows) + "], \"pagination\": {\"currentPage\": " + current
        + ", \"pageSize\": " + size + ", \"totalItems\": " + total + ", \"totalPages\": " + pages
        + ", \"sort\": [], \"filters\": null}}";
  }

  private static String workflowWithId(String id, String lastActivity) {
    return "{\"id\": \"" + id + "\", \"name\": \"t " + id + "\", \"status\": \"completed\", \"currentRound\": 1, "
        + "\"workflowMode\": \"Chatbot\", \"maxSteps\": 10, \"startedAt\": 1.0, \"lastActivity\": " + lastActivity
        + ", \"futureField\": {\"kept\": true}}";
  }

  @Test void listThreadsSendsPaginationJsonAndReadsThePage() throws Exception {
    server.enqueue(json(200, page(Arrays.asList(workflowWithId("wf_a", "5.5"), workflowWithId("wf_b", "4.5")),
        2, 2, 5, 3)));
    PageRequest request = PageRequest.builder().page(2).pageSize(2)
        .sort(Arrays.asList(new PageRequest.Sort("lastActivity", PageRequest.Direction.DESC),
            new PageRequest.Sort("name", PageRequest.Direction.ASC)))
        .filtersJson("{\"status\": \"completed\"}")
        .build();

    ThreadPage page = client.listThreads(request);

    assertEquals(Arrays.asList("wf_a", "wf_b"), page.threads().stream().map(Workflow::id).collect(Collectors.toList()));
    assertEquals(2, page.currentPage());
    assertEquals(5, page.totalItems());
    assertEquals(3, page.totalPages());
    assertTrue(page.hasNextPage());
    assertEquals(3, page.nextPageRequest().page());
    assertTrue(page.threads().get(0).json().contains("\"futureField\":{\"kept\":true}"));
    RecordedRequest recorded = take();
    assertEquals("GET", recorded.getMethod());
    assertEquals("/api/chatbot/threads", recorded.getUrl().encodedPath());
    assertEquals("{\"page\":2,\"pageSize\":2,\"sort\":[{\"field\":\"lastActivity\",\"direction\":\"desc\"},"
        + "{\"field\":\"name\",\"direction\":\"asc\"}],\"filters\":{\"status\": \"completed\"}}",
        recorded.getUrl().queryParameter("pagination"));
    assertEquals("Bearer token-v1", recorded.getHeaders().get("Authorization"));
  }

  @Test void allThreadsFetchesPageAfterPageAsTheIterationReachesThem() throws Exception {
    server.enqueue(json(200, page(Arrays.asList(workflowWithId("wf_1", "3"), workflowWithId("wf_2", "2")), 1, 2, 3, 2)));
    server.enqueue(json(200, page(Collections.singletonList(workflowWithId("wf_3", "1")), 2, 2, 3, 2)));

    List<String> ids = new ArrayList<>();
    for (Workflow workflow : client.allThreads(PageRequest.firstPage(2))) ids.add(workflow.id());

    assertEquals(Arrays.asList("wf_1", "wf_2", "wf_3"), ids);
    assertEquals(1, (int) pageOf(take()));
    assertEquals(2, (int) pageOf(take()));
    assertEquals(2, server.getRequestCount());
  }

  private static Integer pageOf(RecordedRequest request) {
    String pagination = request.getUrl().queryParameter("pagination");
    return Integer.valueOf(pagination.replaceAll(".*\"page\":(\\d+).*", "$1"));
  }

  @Test void getThreadReadsWorkflowAndItemsExactly() throws Exception {
    List<String> items = Arrays.asList(message("msg_1", "user", "Hi", 1, "1737331539.123456000"),
        message("msg_2", "assistant", "Hello", 1, "1737331540.5"));
    server.enqueue(json(200, threadJson(workflow("completed", 1), items)));

    ChatThread thread = client.getThreadAsync(WF).get(5, TimeUnit.SECONDS);

    assertEquals(WF, thread.workflow().id());
    assertEquals(WorkflowStatus.COMPLETED, thread.workflow().status());
    assertEquals(wire(items), thread.items().stream().map(ChatItem::toJson).collect(Collectors.toList()));
    assertEquals("1737331539.123456000", thread.items().get(0).createdAt().toString());
    RecordedRequest recorded = take();
    assertEquals("GET", recorded.getMethod());
    assertEquals("/api/chatbot/threads?workflowId=" + WF, recorded.getTarget());
  }

  @Test void stopPostsToTheWorkflowsStopRouteAndReturnsTheWorkflow() throws Exception {
    server.enqueue(json(200, workflow("stopped", 1)));

    Workflow stopped = client.stop(WF);

    assertEquals(WorkflowStatus.STOPPED, stopped.status());
    RecordedRequest recorded = take();
    assertEquals("POST", recorded.getMethod());
    assertEquals("/api/chatbot/" + WF + "/stop", recorded.getTarget());
    assertEquals(0, recorded.getBodySize());
  }

  @Test void deleteSendsDeleteAndForgetsTheThreadInTheCache() throws Exception {
    InMemoryThreadStore store = new InMemoryThreadStore();
    store.apply(Collections.singletonList(new ThreadChange(Workflow.fromJson(workflow("completed", 1)),
        Collections.singletonList(ChatItem.fromJson(message("msg_1", "user", "Hi", 1, "1.5"))), Collections.emptyList())));
    ChatbotClient cached = client.newBuilder().store(store).build();
    server.enqueue(json(200, "{\"id\": \"" + WF + "\", \"message\": \"Chatbot workflow and associated data deleted successfully\"}"));

    cached.deleteAsync(WF).get(5, TimeUnit.SECONDS);
    assertTrue(cached.flushCache(java.time.Duration.ofSeconds(5)));

    assertNull(store.loadThread(WF));
    RecordedRequest recorded = take();
    assertEquals("DELETE", recorded.getMethod());
    assertEquals("/api/chatbot/" + WF, recorded.getTarget());
    cached.close();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "400, dev.threadline.BadRequestException",
      "403, dev.threadline.ForbiddenException",
      "404, dev.threadline.NotFoundException",
      "409, dev.threadline.ChatbotException",
      "500, dev.threadline.ServerException",
      "502, dev.threadline.ServerException",
  })
  void errorStatusesBecomeTheirExceptionWithTheServersDetail(int status, String type) throws Exception {
    for (int i = 0; i < 3; i++) server.enqueue(json(status, "{\"detail\": \"Workflow with ID wf_x not found\"}"));

    ChatbotException blocking = assertThrows(ChatbotException.class, () -> client.delete("wf_x"));
    ExecutionException async = assertThrows(ExecutionException.class,
        () -> client.stopAsync("wf_x").get(5, TimeUnit.SECONDS));

    for (Throwable error : Arrays.asList(blocking, async.getCause())) {
      assertEquals(type, error.getClass().getName());
      assertEquals(status, ((ChatbotException) error).statusCode());
      assertEquals("Workflow with ID wf_x not found", ((ChatbotException) error).detail());
    }
  }

  @Test void rateLimitCarriesTheRetryAfterDelay() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7")
        .body("{\"error\": \"Rate limit exceeded: 120 per 1 minute\"}").build());

    RateLimitedException limited = assertThrows(RateLimitedException.class, () -> client.getThread(WF));

    assertEquals(Duration.ofSeconds(7), limited.retryAfter());
    assertEquals("Rate limit exceeded: 120 per 1 minute", limited.detail());
  }

  @Test void serviceUnavailableCarriesTheRetryAfterDelay() {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "2").body("busy").build());

    ServerException unavailable = assertThrows(ServerException.class, () -> client.getThread(WF));

    assertEquals(503, unavailable.statusCode());
    assertEquals(Duration.ofSeconds(2), unavailable.retryAfter());
    assertNull(unavailable.detail());
  }

  @Test void aRetryAfterGivenAsAnHttpDateIsTheTimeUntilThatDate() {
    // HTTP dates have whole seconds: an hour from now, rounded down, is at most a second short of an hour.
    String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", inAnHour).build());
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", inAnHour).build());

    Duration limited = assertThrows(RateLimitedException.class, () -> client.getThread(WF)).retryAfter();
    Duration unavailable = assertThrows(ServerException.class, () -> client.getThread(WF)).retryAfter();

    for (Duration wait : List.of(limited, unavailable)) {
      assertTrue(wait.compareTo(Duration.ofMinutes(58)) > 0 && wait.compareTo(Duration.ofHours(1)) <= 0,
          "retry after " + wait);
    }
  }

  @Test void aRetryAfterDateInThePastIsZeroAndAnUnreadableOneIsNone() {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")
        .build());
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "soon").build());
    server.enqueue(new MockResponse.Builder().code(500).build());

    assertEquals(Duration.ZERO, assertThrows(ServerException.class, () -> client.getThread(WF)).retryAfter());
    assertNull(assertThrows(RateLimitedException.class, () -> client.getThread(WF)).retryAfter());
    assertNull(assertThrows(ServerException.class, () -> client.getThread(WF)).retryAfter());
  }

  @Test void a401AsksTheProviderForFreshCredentialsAndRepeatsOnce() throws Exception {
    server.enqueue(json(401, "{\"detail\": \"Not authenticated\"}"));
    server.enqueue(json(200, workflow("stopped", 1)));

    client.stop(WF);

    assertEquals("Bearer token-v1", take().getHeaders().get("Authorization"));
    assertEquals("Bearer token-v2", take().getHeaders().get("Authorization"));
  }

  @Test void a401AfterRefreshingFailsWithoutLeakingTheToken() {
    server.enqueue(json(401, "{\"detail\": \"Not authenticated\"}"));
    server.enqueue(json(401, "{\"detail\": \"Not authenticated\"}"));

    UnauthorizedException unauthorized = assertThrows(UnauthorizedException.class, () -> client.stop(WF));

    assertEquals(2, server.getRequestCount());
    assertFalse(unauthorized.getMessage().contains("token-v"));
    assertFalse(client.toString().contains("token-v"));
  }

  @Test void aMalformedAnswerIsAProtocolError() {
    server.enqueue(json(200, "{\"workflow\": {\"no-id\": 1}, \"chatData\": {\"items\": []}}"));

    MalformedResponseException error = assertThrows(MalformedResponseException.class, () -> client.getThread(WF));

    assertTrue(error.getMessage().contains("GET /api/chatbot/threads"));
  }

  @Test void workflowIdsStayOnePathSegment() throws Exception {
    server.enqueue(json(200, workflow("stopped", 1)));

    client.stop("../threads");

    assertEquals("/api/chatbot/..%2Fthreads/stop", take().getTarget());
    assertThrows(IllegalArgumentException.class, () -> client.stop(".."));
    assertThrows(IllegalArgumentException.class, () -> client.delete("%2e%2E"));
    assertThrows(IllegalArgumentException.class, () -> client.getThread(""));
  }

  @Test void cleartextIsRefusedExceptForLoopbackOrWhenAllowed() {
    assertThrows(IllegalArgumentException.class,
        () -> ChatbotClient.builder().baseUrl("http://chat.example.com").build());
    ChatbotClient.builder().baseUrl("http://127.0.0.1:8080").build().close();
    ChatbotClient.builder().baseUrl("http://localhost:8080").build().close();
    ChatbotClient.builder().baseUrl("http://[::1]:8080").build().close();
    ChatbotClient.builder().baseUrl("http://chat.internal").allowCleartext(true).build().close();
    ChatbotClient.builder().baseUrl(HttpUrl.get("https://chat.example.com")).build().close();
  }

  @Test void extraFieldsRoundTripIntoTheSendBody() throws Exception {
    server.enqueue(json(400, "{\"detail\": \"stop here\"}"));
    UserInput input = UserInput.builder("Hi").fileIds(Arrays.asList("f1", "f2")).language("de")
        .extraField("temperature", 0.5).extraFieldJson("context", "{\"page\": \"billing\", \"ids\": [1, 2]}").build();

    SendCall call = client.send(input);
    assertThrows(ExecutionException.class, () -> call.result().get(5, TimeUnit.SECONDS));

    assertEquals("{\"prompt\":\"Hi\",\"listFileId\":[\"f1\",\"f2\"],\"userLanguage\":\"de\","
        + "\"temperature\":0.5,\"context\":{\"page\": \"billing\", \"ids\": [1, 2]}}", take().getBody().utf8());
  }
}
