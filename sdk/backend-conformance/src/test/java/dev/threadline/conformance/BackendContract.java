package dev.threadline.conformance;

import static dev.threadline.conformance.Json.at;
import static dev.threadline.conformance.Json.intAt;
import static dev.threadline.conformance.Json.listAt;
import static dev.threadline.conformance.Json.stringAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.conformance.BackendHttp.Reply;
import dev.threadline.conformance.BackendHttp.SseStream;
import dev.threadline.testkit.Round;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the chatbot backend answers, as the real route code ({@code server/routeFeatureChatbot.py}) defines
 * it: the same plain HTTP requests run against every backend that extends this class (the real route code in
 * {@link RealBackendContractTest}, the testkit's fake in {@link FakeBackendContractTest}), so the fake cannot
 * drift from the real thing unnoticed. Users are alice, bob and carol; every test starts on an empty backend.
 */
@Timeout(60)
abstract class BackendContract {
  private static final Duration ROUND = Duration.ofSeconds(15);
  private static final String MISSING = "wf_00000000-0000-0000-0000-000000000000";

  private BackendHttp http;

  /** The backend under test, empty at the start of each test. */
  protected abstract BackendUnderTest backend();

  @BeforeEach void openClient() {
    http = new BackendHttp(backend().baseUrl());
  }

  @AfterEach void closeClient() {
    http.close();
  }

  // Helpers

  private String token(String user) {
    return backend().token(user);
  }

  private SseStream send(String user, String body, String... query) {
    SseStream stream = http.stream(http.url("start/stream", query), token(user), body);
    assertEquals(200, stream.code, () -> "start/stream answered " + stream.code + " " + stream.errorBody());
    return stream;
  }

  /** A JSON object of the given keys and values, in that order. */
  private static Map<String, Object> obj(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return map;
  }

  private static String prompt(String text) {
    return Json.write(Map.of("prompt", text));
  }

  private static List<Object> items(List<String> frames) {
    List<Object> items = new ArrayList<>();
    for (String frame : frames) {
      if (frame.startsWith("data: ")) items.add(Json.parse(frame.substring("data: ".length())));
    }
    return items;
  }

  /** The last copy of each item, by type and id, in order of first appearance. */
  private static Map<String, Object> latestById(List<Object> items) {
    Map<String, Object> latest = new LinkedHashMap<>();
    for (Object item : items) latest.put(stringAt(item, "type") + "/" + stringAt(item, "item", "id"), item);
    return latest;
  }

  /** Starts a thread of {@code user}, reads its stream to the end and returns its id. */
  private String startThread(String user, String text) {
    try (SseStream stream = send(user, prompt(text))) {
      List<Object> items = items(stream.readToEnd(ROUND));
      return stringAt(items.get(0), "item", "workflowId");
    }
  }

  private Reply readThread(String user, String workflowId) {
    return http.get(http.url("threads", "workflowId", workflowId), token(user));
  }

  private Object thread(String user, String workflowId) {
    Reply reply = readThread(user, workflowId);
    assertEquals(200, reply.code, reply::toString);
    return reply.json();
  }

  private Reply list(String user, String... query) {
    return http.get(http.url("threads", query), token(user));
  }

  private static void assertDetail(int code, Object detail, Reply reply) {
    assertEquals(code, reply.code, reply::toString);
    assertEquals(Json.write(Map.of("detail", detail)), Json.starlette(reply.body));
  }

  private static String notFound(String workflowId) {
    return "Workflow with ID " + workflowId + " not found";
  }

  // POST /start/stream: the stream

  @Test void aPromptStreamsItsRoundWithTheRouteHeadersAndPythonJsonThenEnds() {
    backend().scriptNextRound(Round.reply("Refunds take 5 days.").logs(2));
    try (SseStream stream = send("alice", prompt("Grüße: what is our refund policy?"))) {
      assertEquals("text/event-stream; charset=utf-8", stream.headers.get("Content-Type"));
      assertEquals("no-cache", stream.headers.get("Cache-Control"));
      assertEquals("no", stream.headers.get("X-Accel-Buffering"));
      List<String> frames = stream.readToEnd(ROUND);
      for (String frame : frames) {
        if (frame.equals(": keepalive")) continue;
        assertTrue(frame.startsWith("data: "), frame);
        String json = frame.substring("data: ".length());
        assertEquals(Json.pythonDumps(json), json, "written as json.dumps writes it");
      }
      assertTrue(frames.get(0).contains("Gr\\u00fc\\u00dfe"), frames.get(0));

      List<Object> items = items(frames);
      Object first = items.get(0);
      assertEquals("message", stringAt(first, "type"));
      assertEquals("user", stringAt(first, "item", "role"));
      assertEquals("Grüße: what is our refund policy?", stringAt(first, "item", "message"));
      assertEquals(1, intAt(first, "item", "sequenceNr"));
      assertEquals("first", stringAt(first, "item", "status"));
      String workflowId = stringAt(first, "item", "workflowId");
      for (Object item : items) {
        assertTrue(List.of("message", "log", "stat").contains(stringAt(item, "type")), item::toString);
        assertTrue(at(item, "createdAt").toString().contains("."), "createdAt is a float: " + item);
        assertTrue(stringAt(item, "item", "id").startsWith(stringAt(item, "type").equals("message") ? "msg_"
            : stringAt(item, "type") + "_"), item::toString);
        assertEquals(workflowId, stringAt(item, "item", "workflowId"));
        assertEquals(1, intAt(item, "item", "roundNumber"));
      }
      Map<String, Object> latest = latestById(items);
      assertEquals(2, latest.keySet().stream().filter(key -> key.startsWith("log/")).count(), latest.keySet()::toString);
      assertEquals(1, latest.keySet().stream().filter(key -> key.startsWith("stat/")).count());
      Object answer = items.get(items.size() - 1);
      assertEquals("assistant", stringAt(answer, "item", "role"));
      assertEquals("Refunds take 5 days.", stringAt(answer, "item", "message"));
    }
  }

  @Test void aThreadReadHoldsTheWholeRoundAsTheStreamLastShowedItInStarletteJson() {
    backend().scriptNextRound(Round.reply("Five days.").logs(3));
    List<Object> streamed;
    try (SseStream stream = send("alice", prompt("Grüße"))) {
      streamed = items(stream.readToEnd(ROUND));
    }
    String workflowId = stringAt(streamed.get(0), "item", "workflowId");
    Reply reply = readThread("alice", workflowId);
    assertEquals(200, reply.code);
    assertEquals("application/json", reply.headers.get("Content-Type"));
    assertEquals(Json.starlette(reply.body), reply.body, "compact, UTF-8 kept");
    Object tree = reply.json();
    assertEquals(workflowId, stringAt(tree, "workflow", "id"));
    assertEquals("completed", stringAt(tree, "workflow", "status"));
    assertEquals(1, intAt(tree, "workflow", "currentRound"));
    assertEquals("Chatbot", stringAt(tree, "workflow", "workflowMode"));
    assertEquals(10, intAt(tree, "workflow", "maxSteps"));
    List<?> stored = listAt(tree, "chatData", "items");
    assertEquals(Json.write(new ArrayList<>(latestById(streamed).values())), Json.write(sortedByCreatedAt(
        new ArrayList<>(latestById(new ArrayList<>(stored)).values()))), "the stream's last copies are the items");
    assertEquals(Json.write(sortedByCreatedAt(new ArrayList<>(stored))), Json.write(stored), "in createdAt order");
  }

  private static List<Object> sortedByCreatedAt(List<Object> items) {
    items.sort((a, b) -> Json.numberAt(a, "createdAt").compareTo(Json.numberAt(b, "createdAt")));
    return items;
  }

  static Stream<Arguments> refusedBodies() {
    return Stream.of(
        Arguments.of("{}", List.of(error(List.of("body", "prompt"), "field required", "value_error.missing"))),
        Arguments.of("{\"prompt\": \"Hi\", \"userLanguage\": null}", List.of(error(List.of("body", "userLanguage"),
            "none is not an allowed value", "type_error.none.not_allowed"))),
        Arguments.of("{\"prompt\": null, \"listFileId\": null}", List.of(
            error(List.of("body", "prompt"), "none is not an allowed value", "type_error.none.not_allowed"),
            error(List.of("body", "listFileId"), "none is not an allowed value", "type_error.none.not_allowed"))),
        Arguments.of("{\"prompt\": \"Hi\", \"listFileId\": \"a.pdf\"}", List.of(error(List.of("body", "listFileId"),
            "value is not a valid list", "type_error.list"))),
        Arguments.of("{\"prompt\": [\"Hi\"]}", List.of(error(List.of("body", "prompt"), "str type expected",
            "type_error.str"))),
        Arguments.of("{\"prompt\": \"Hi\", \"workflowId\": {}}", List.of(error(List.of("body", "workflowId"),
            "str type expected", "type_error.str"))),
        Arguments.of("{\"prompt\": \"Hi\", \"listFileId\": [\"a.pdf\", null]}", List.of(error(
            List.of("body", "listFileId", 1), "none is not an allowed value", "type_error.none.not_allowed"))),
        Arguments.of("[1]", List.of(error(List.of("body"), "value is not a valid dict", "type_error.dict"))),
        Arguments.of("\"Hi\"", List.of(error(List.of("body"), "value is not a valid dict", "type_error.dict"))),
        Arguments.of("[]", List.of(error(List.of("body", "prompt"), "field required", "value_error.missing"))),
        Arguments.of("null", List.of(error(List.of("body"), "field required", "value_error.missing"))),
        Arguments.of("", List.of(error(List.of("body"), "field required", "value_error.missing"))));
  }

  private static Map<String, Object> error(List<Object> loc, String msg, String type) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("loc", loc);
    error.put("msg", msg);
    error.put("type", type);
    return error;
  }

  @ParameterizedTest @MethodSource("refusedBodies")
  void aBodyThePydanticModelRefusesIs422WithAListDetail(String body, List<Object> detail) {
    Reply reply = http.post(http.url("start/stream"), token("alice"), body);
    assertEquals("application/json", reply.headers.get("Content-Type"));
    assertDetail(422, detail, reply);
    assertEquals(0, listAt(list("alice").json(), "items").size(), "no thread was started");
  }

  @Test void aBodyThatIsNotJsonIs422NamingTheDecodeError() {
    Reply reply = http.post(http.url("start/stream"), token("alice"), "{bad");
    assertEquals(422, reply.code, reply::toString);
    List<?> detail = listAt(reply.json(), "detail");
    assertEquals(1, detail.size());
    assertEquals("body", at(detail.get(0), "loc", 0));
    Json.numberAt(detail.get(0), "loc", 1);
    assertEquals("value_error.jsondecode", stringAt(detail.get(0), "type"));
  }

  @Test void aBodyThatIsNotJsonIsRefusedEvenBeforeTheCredentialsAreChecked() {
    Reply reply = http.post(http.url("start/stream"), null, "{\"prompt\": ");
    assertEquals(422, reply.code, reply::toString);
    assertEquals("value_error.jsondecode", stringAt(reply.json(), "detail", 0, "type"));
  }

  @Test void aBodyOfAnotherContentTypeIsNotReadAsJson() {
    RequestBody text = RequestBody.create("{\"prompt\": \"Hi\"}", MediaType.get("text/plain"));
    assertDetail(422, List.of(error(List.of("body"), "value is not a valid dict", "type_error.dict")),
        http.post(http.url("start/stream"), token("alice"), text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"prompt\": \"Hi\", \"workflowId\": null}", "{\"prompt\": \"Hi\", \"clientTag\": {\"a\": 1}}",
      "{\"prompt\": \"Hi\", \"listFileId\": [], \"userLanguage\": \"de\"}"})
  void aBodyWithOptionalNullsOrUnknownFieldsStartsAThread(String body) {
    try (SseStream stream = send("alice", body)) {
      assertEquals("Hi", stringAt(items(stream.readToEnd(ROUND)).get(0), "item", "message"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"42 -> 42", "2.50 -> 2.5", "1.5e20 -> 1.5e+20", "0.00001 -> 1e-05", "true -> True"})
  void aNumberOrBooleanAsPromptIsTakenAsItsPythonText(String promptAndText) {
    String[] parts = promptAndText.split(" -> ");
    try (SseStream stream = send("alice", "{\"prompt\": " + parts[0] + "}")) {
      assertEquals(parts[1], stringAt(items(stream.readToEnd(ROUND)).get(0), "item", "message"));
    }
  }

  @Test void aBodyThatIsAListOfPairsIsTakenAsTheirObjectLikePythonsDict() {
    try (SseStream stream = send("alice", "[[\"prompt\", \"Hi\"], [\"userLanguage\", \"de\"]]")) {
      assertEquals("Hi", stringAt(items(stream.readToEnd(ROUND)).get(0), "item", "message"));
    }
  }

  @Test void aContinuedRoundsSnapshotHoldsOnlyItsOwnRound() {
    String workflowId = startThread("alice", "First question");
    try (SseStream stream = send("alice", prompt("Second question"), "workflowId", workflowId)) {
      List<Object> items = items(stream.readToEnd(ROUND));
      assertEquals("Second question", stringAt(items.get(0), "item", "message"));
      for (Object item : items) assertEquals(2, intAt(item, "item", "roundNumber"), item::toString);
    }
    String body = Json.write(obj("prompt", "Third question", "workflowId", workflowId));
    try (SseStream stream = send("alice", body)) {
      List<Object> items = items(stream.readToEnd(ROUND));
      assertEquals("step", stringAt(items.get(0), "item", "status"));
      for (Object item : items) assertEquals(3, intAt(item, "item", "roundNumber"), item::toString);
    }
    Object tree = thread("alice", workflowId);
    assertEquals(3, intAt(tree, "workflow", "currentRound"));
    assertEquals(List.of(1, 2, 3), listAt(tree, "chatData", "items").stream()
        .map(item -> intAt(item, "item", "roundNumber")).distinct().collect(Collectors.toList()));
  }

  @Test void theQueryWorkflowIdWinsOverTheBodys() {
    String workflowId = startThread("alice", "First question");
    String body = Json.write(obj("prompt", "Again", "workflowId", MISSING));
    try (SseStream stream = send("alice", body, "workflowId", workflowId)) {
      assertEquals(workflowId, stringAt(items(stream.readToEnd(ROUND)).get(0), "item", "workflowId"));
    }
  }

  @Test void aStreamSilentForTheKeepaliveIntervalGetsKeepaliveComments() {
    Duration keepalive = backend().keepaliveInterval();
    backend().scriptNextRound(Round.reply("After a pause.").logs(1).thinking(keepalive.multipliedBy(3)));
    try (SseStream stream = send("alice", prompt("Take your time"))) {
      List<String> frames = stream.readToEnd(ROUND.plus(keepalive.multipliedBy(3)));
      assertTrue(frames.get(0).startsWith("data: "), frames::toString);
      long keepalives = frames.stream().filter(frame -> frame.equals(": keepalive")).count();
      assertTrue(keepalives >= 1 && keepalives <= 4, "one keepalive per silent interval: " + frames);
      assertTrue(frames.stream().allMatch(frame -> frame.equals(": keepalive") || frame.startsWith("data: ")));
      assertEquals("After a pause.", stringAt(items(frames).get(items(frames).size() - 1), "item", "message"));
    }
  }

  @Test void stoppingARunningRoundEndsItsStreamAndMarksItStopped() {
    backend().scriptNextRound(Round.longRun(Duration.ofMinutes(5)));
    try (SseStream stream = send("alice", prompt("Long question"))) {
      String workflowId = stringAt(Json.parse(stream.nextData(ROUND)), "item", "workflowId");
      Reply stop = http.post(http.url(workflowId + "/stop"), token("alice"), "");
      assertEquals(200, stop.code, stop::toString);
      assertEquals(workflowId, stringAt(stop.json(), "id"));
      assertEquals("stopped", stringAt(stop.json(), "status"));
      stream.readToEnd(ROUND);
      assertEquals("stopped", stringAt(thread("alice", workflowId), "workflow", "status"));
    }
  }

  @Test void aFailingRoundEndsItsStreamAndMarksItError() {
    backend().scriptNextRound(Round.failure("The model is unavailable.").logs(1));
    try (SseStream stream = send("alice", prompt("Question"))) {
      List<Object> items = items(stream.readToEnd(ROUND));
      String workflowId = stringAt(items.get(0), "item", "workflowId");
      Object errorLog = latestById(items).values().stream()
          .filter(item -> "log".equals(at(item, "type")) && "error".equals(Json.find(item, "item", "type")))
          .findFirst().orElseThrow(() -> new AssertionError("no error log in " + items));
      assertEquals("The model is unavailable.", stringAt(errorLog, "item", "message"));
      assertEquals("error", stringAt(thread("alice", workflowId), "workflow", "status"));
    }
  }

  @Test void aStreamEndsCleanlyAtItsTimeLimitWhileTheRoundRunsOn() {
    Duration limit = backend().streamTimeLimit();
    backend().scriptNextRound(Round.longRun(limit.multipliedBy(4)));
    try (SseStream stream = send("alice", prompt("Very long question"))) {
      List<String> frames = stream.readToEnd(limit.plus(ROUND));
      String workflowId = stringAt(items(frames).get(0), "item", "workflowId");
      assertTrue(frames.contains(": keepalive"), frames::toString);
      assertEquals("running", stringAt(thread("alice", workflowId), "workflow", "status"));
      assertEquals(200, http.post(http.url(workflowId + "/stop"), token("alice"), "").code);
    }
  }

  @Test void deletingAThreadDoesNotEndItsOpenStream() {
    backend().scriptNextRound(Round.longRun(Duration.ofMinutes(5)));
    try (SseStream stream = send("alice", prompt("Long question"))) {
      String workflowId = stringAt(Json.parse(stream.nextData(ROUND)), "item", "workflowId");
      assertEquals(200, http.delete(http.url(workflowId), token("alice")).code);
      Duration wait = backend().keepaliveInterval().multipliedBy(4).plusSeconds(2);
      long deadline = System.nanoTime() + wait.toNanos();
      while (true) {
        String frame = stream.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        assertNotNull(frame, "neither a keepalive nor an end within " + wait);
        assertNotEquals(SseStream.END, frame, "the stream ended when its thread was deleted");
        if (frame.equals(": keepalive")) break;
      }
    }
  }

  // Unknown and foreign workflows

  @Test void startingAnUnknownOrForeignWorkflowIs500WithA404Detail() {
    String bobs = startThread("bob", "Bob's question");
    for (String workflowId : List.of(MISSING, bobs)) {
      assertDetail(500, "404: " + notFound(workflowId),
          http.post(http.url("start/stream", "workflowId", workflowId), token("alice"), prompt("Hi")));
      assertDetail(500, "404: " + notFound(workflowId), http.post(http.url("start/stream"), token("alice"),
          Json.write(obj("prompt", "Hi", "workflowId", workflowId))));
    }
  }

  @Test void stoppingAnUnknownOrForeignWorkflowIs500WithA404Detail() {
    String bobs = startThread("bob", "Bob's question");
    for (String workflowId : List.of(MISSING, bobs)) {
      assertDetail(500, "404: " + notFound(workflowId), http.post(http.url(workflowId + "/stop"), token("alice"), ""));
    }
    assertEquals("completed", stringAt(thread("bob", bobs), "workflow", "status"));
  }

  @Test void stoppingAFinishedWorkflowAnswersItWithItsStatusKept() {
    String workflowId = startThread("alice", "Question");
    Reply reply = http.post(http.url(workflowId + "/stop"), token("alice"), "");
    assertEquals(200, reply.code, reply::toString);
    assertEquals(Json.write(at(thread("alice", workflowId), "workflow")), Json.starlette(reply.body));
    assertEquals("completed", stringAt(reply.json(), "status"));
  }

  @Test void deleteAnswers404ForUnknownOrForeign400ForOtherModes403WhenNotAllowed() {
    String bobs = startThread("bob", "Bob's question");
    assertDetail(404, notFound(MISSING), http.delete(http.url(MISSING), token("alice")));
    assertDetail(404, notFound(bobs), http.delete(http.url(bobs), token("alice")));
    String automation = backend().createNonChatbotWorkflow("alice", "Nightly report");
    assertDetail(400, "Workflow " + automation + " is not a chatbot workflow",
        http.delete(http.url(automation), token("alice")));
    String kept = startThread("alice", "Keep me");
    backend().markNotDeletable(kept);
    assertDetail(403, "You don't have permission to delete this workflow", http.delete(http.url(kept), token("alice")));
    assertEquals(200, readThread("alice", kept).code);
  }

  @Test void deletingAThreadRemovesItForGood() {
    String workflowId = startThread("alice", "Question");
    Reply reply = http.delete(http.url(workflowId), token("alice"));
    assertEquals(200, reply.code, reply::toString);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("id", workflowId);
    expected.put("message", "Chatbot workflow and associated data deleted successfully");
    assertEquals(Json.write(expected), reply.body);
    assertDetail(404, notFound(workflowId), readThread("alice", workflowId));
    assertEquals(List.of(), listAt(list("alice").json(), "items"));
  }

  @Test void readingAThreadAnswers404ForUnknownOrForeignAndAnyModeOfTheCallers() {
    String bobs = startThread("bob", "Bob's question");
    assertDetail(404, notFound(MISSING), readThread("alice", MISSING));
    assertDetail(404, notFound(bobs), readThread("alice", bobs));
    String automation = backend().createNonChatbotWorkflow("alice", "Nightly report");
    Object tree = thread("alice", automation);
    assertNotEquals("Chatbot", stringAt(tree, "workflow", "workflowMode"));
    assertEquals(10, intAt(tree, "workflow", "maxSteps"));
    assertEquals(List.of(), listAt(tree, "chatData", "items"));
  }

  // GET /threads: the list

  private static Map<String, Object> metadata(int page, int pageSize, int total, int pages, Object sort,
      Object filters) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("currentPage", page);
    metadata.put("pageSize", pageSize);
    metadata.put("totalItems", total);
    metadata.put("totalPages", pages);
    metadata.put("sort", sort);
    metadata.put("filters", filters);
    return metadata;
  }

  private static List<String> ids(Reply reply) {
    return listAt(reply.json(), "items").stream().map(item -> stringAt(item, "id")).collect(Collectors.toList());
  }

  @Test void theListWithoutPaginationIsOnePageOfTheCallersChatbotThreadsInCreationOrder() {
    String first = startThread("alice", "b first");
    String second = startThread("alice", "a second");
    backend().createNonChatbotWorkflow("alice", "Nightly report");
    startThread("bob", "Bob's question");
    Reply reply = list("alice");
    assertEquals(200, reply.code, reply::toString);
    assertEquals(List.of(first, second), ids(reply));
    assertEquals(Json.write(metadata(1, 2, 2, 1, List.of(), null)), Json.write(at(reply.json(), "pagination")));
    Object workflow = at(reply.json(), "items", 0);
    assertEquals(Json.write(at(thread("alice", first), "workflow")), Json.write(workflow), "the same record as a read");
    assertEquals(Json.write(obj("items", List.of(), "pagination", metadata(1, 0, 0, 1, List.of(), null))),
        Json.starlette(list("carol").body));
  }

  @ParameterizedTest @ValueSource(strings = {"{}", "null", "0", "[]"})
  void anEmptyPaginationMeansNone(String pagination) {
    String first = startThread("alice", "Question");
    Reply reply = list("alice", "pagination", pagination);
    assertEquals(200, reply.code, reply::toString);
    assertEquals(List.of(first), ids(reply));
    assertEquals(Json.write(metadata(1, 1, 1, 1, List.of(), null)), Json.write(at(reply.json(), "pagination")));
  }

  @Test void theListWithPaginationSortsAndPagesEchoesFiltersButDoesNotApplyThem() {
    String a = startThread("alice", "a first");
    String c = startThread("alice", "c third");
    String b = startThread("alice", "b second");
    List<Object> sort = List.of(obj("field", "name", "direction", "desc"));
    Map<String, Object> pagination = new LinkedHashMap<>();
    pagination.put("page", 1);
    pagination.put("pageSize", 2);
    pagination.put("sort", sort);
    pagination.put("filters", Map.of("status", "error"));
    Reply page1 = list("alice", "pagination", Json.write(pagination));
    assertEquals(200, page1.code, page1::toString);
    assertEquals(List.of(c, b), ids(page1));
    assertEquals(Json.write(metadata(1, 2, 3, 2, sort, Map.of("status", "error"))),
        Json.write(at(page1.json(), "pagination")));
    pagination.put("page", 2);
    assertEquals(List.of(a), ids(list("alice", "pagination", Json.write(pagination))));
    pagination.put("page", 5);
    Reply past = list("alice", "pagination", Json.write(pagination));
    assertEquals(List.of(), ids(past));
    assertEquals(5, intAt(past.json(), "pagination", "currentPage"));
    assertEquals(2, intAt(past.json(), "pagination", "totalPages"));
  }

  @Test void aSortFieldWithoutDirectionIsEchoedAscendingAndAnEmptyPagedListHasNoPages() {
    String b = startThread("alice", "b");
    String a = startThread("alice", "a");
    Reply reply = list("alice", "pagination", "{\"page\": 1, \"pageSize\": 10, \"sort\": [{\"field\": \"name\"}]}");
    assertEquals(List.of(a, b), ids(reply));
    assertEquals(Json.write(metadata(1, 10, 2, 1, List.of(obj("field", "name", "direction", "asc")), null)),
        Json.write(at(reply.json(), "pagination")));
    assertEquals(Json.write(metadata(1, 10, 0, 0, List.of(), null)),
        Json.write(at(list("carol", "pagination", "{\"page\": 1, \"pageSize\": 10}").json(), "pagination")));
  }

  static Stream<Arguments> invalidPaginations() {
    String prefix = "Invalid pagination parameter: ";
    String one = prefix + "1 validation error for PaginationParams\n";
    return Stream.of(
        Arguments.of("{\"page\": 1}", one + "pageSize\n  field required (type=value_error.missing)"),
        Arguments.of("{\"page\": 0, \"pageSize\": 5}",
            one + "page\n  ensure this value is greater than or equal to 1 (type=value_error.number.not_ge; limit_value=1)"),
        Arguments.of("{\"page\": \"x\", \"pageSize\": 5}", one + "page\n  value is not a valid integer (type=type_error.integer)"),
        Arguments.of("{\"page\": 1, \"pageSize\": 5, \"filters\": [1]}",
            one + "filters\n  value is not a valid dict (type=type_error.dict)"),
        Arguments.of("{\"page\": 1, \"pageSize\": 5, \"sort\": [{\"field\": \"name\", \"direction\": \"up\"}]}",
            one + "sort -> 0 -> direction\n  unexpected value; permitted: 'asc', 'desc' "
                + "(type=value_error.const; given=up; permitted=('asc', 'desc'))"),
        Arguments.of("{\"page\": 0}", prefix + "2 validation errors for PaginationParams\n"
            + "page\n  ensure this value is greater than or equal to 1 (type=value_error.number.not_ge; limit_value=1)\n"
            + "pageSize\n  field required (type=value_error.missing)"));
  }

  @ParameterizedTest @MethodSource("invalidPaginations")
  void paginationThePydanticModelRefusesIs400WithItsMessage(String pagination, String detail) {
    assertDetail(400, detail, list("alice", "pagination", pagination));
  }

  @Test void paginationThatIsNotJsonIs400() {
    Reply reply = list("alice", "pagination", "{bad");
    assertEquals(400, reply.code, reply::toString);
    assertTrue(stringAt(reply.json(), "detail").startsWith("Invalid pagination parameter: "), reply::toString);
  }

  @ParameterizedTest @ValueSource(strings = {"[1]:list", "\"page\":str", "5:int", "true:bool"})
  void paginationJsonThatIsNotAnObjectEscapesAs500(String pagination) {
    String json = pagination.substring(0, pagination.lastIndexOf(':'));
    String type = pagination.substring(pagination.lastIndexOf(':') + 1);
    assertDetail(500, "Error getting chatbot threads: modules.datamodels.datamodelPagination.PaginationParams() "
        + "argument after ** must be a mapping, not " + type, list("alice", "pagination", json));
  }

  @Test void numbersInPaginationAreCoercedLikePydantic() {
    String a = startThread("alice", "a");
    startThread("alice", "b");
    Reply reply = list("alice", "pagination", "{\"page\": 1.7, \"pageSize\": \"1\"}");
    assertEquals(List.of(a), ids(reply));
    assertEquals(Json.write(metadata(1, 1, 2, 2, List.of(), null)), Json.write(at(reply.json(), "pagination")));
  }

  // Credentials, routes, limits

  static Stream<Arguments> routes() {
    return Stream.of(Arguments.of("POST", "start/stream"), Arguments.of("POST", MISSING + "/stop"),
        Arguments.of("DELETE", MISSING), Arguments.of("GET", "threads"));
  }

  @ParameterizedTest @MethodSource("routes")
  void everyRouteWantsCredentials(String method, String path) {
    for (String token : new String[] {null, "not-a-token"}) {
      Reply reply;
      HttpUrl url = http.url(path);
      switch (method) {
        case "POST": reply = http.post(url, token, prompt("Hi")); break;
        case "DELETE": reply = http.delete(url, token); break;
        default: reply = http.get(url, token);
      }
      assertDetail(401, "Not authenticated", reply);
      assertEquals("Bearer", reply.headers.get("WWW-Authenticate"));
    }
  }

  @Test void unknownPathsAre404AndWrongMethods405() {
    assertDetail(404, "Not Found", http.get(http.url("no/such/route"), token("alice")));
    assertDetail(405, "Method Not Allowed", http.get(http.url("start/stream"), token("alice")));
  }

  @Test void aPathThatMatchesOnlyWithoutItsTrailingSlashIsRedirectedBeforeTheCredentialsAreChecked() {
    HttpUrl withSlash = http.url("threads/", "pagination", "{}");
    Reply redirect = http.getWithoutFollowingRedirects(withSlash, null);
    assertEquals(307, redirect.code, redirect::toString);
    assertEquals(http.url("threads", "pagination", "{}").toString(), redirect.headers.get("Location"));
    assertEquals(200, http.get(withSlash, token("alice")).code, "followed");
  }

  @Test void theLimiterAllows120CallsPerMinuteOfEachUserToEachRoute() {
    for (int i = 0; i < 120; i++) assertEquals(200, list("carol").code, "call " + (i + 1));
    Reply limited = list("carol");
    assertEquals(429, limited.code, limited::toString);
    assertEquals("{\"error\":\"Rate limit exceeded: 120 per 1 minute\"}", limited.body);
    int retryAfter = Integer.parseInt(limited.headers.get("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertEquals(429, readThread("carol", MISSING).code, "the same route");
    assertEquals(404, http.delete(http.url(MISSING), token("carol")).code, "another route");
    assertEquals(200, list("bob").code, "another user");
  }

  @Test void aRefusedBodyIsNotCountedByTheLimiter() {
    RequestBody empty = RequestBody.create("", MediaType.get("application/json"));
    for (int i = 0; i < 125; i++) assertEquals(422, http.post(http.url("start/stream"), token("carol"), empty).code);
    try (SseStream stream = send("carol", prompt("Still allowed"))) {
      assertFalse(stream.readToEnd(ROUND).isEmpty());
    }
  }
}
