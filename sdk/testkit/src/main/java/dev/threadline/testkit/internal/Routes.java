package dev.threadline.testkit.internal;

import dev.threadline.testkit.Fault;
import dev.threadline.testkit.ReceivedRequest;
import dev.threadline.testkit.ResumeMode;
import dev.threadline.testkit.Round;
import dev.threadline.testkit.internal.AssistantSimulator.Started;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;

/**
 * The backend's routes under {@code /api/chatbot}, as a MockWebServer dispatcher. For every request, in
 * order: route match (404/405, or 307 for a path that matches only without its trailing slash), planned
 * request fault, JSON decoding of a {@code start/stream} body (422), credentials (401), body validation
 * (422), rate limit (429), then the route itself. Every request is recorded with the status it got.
 */
public final class Routes extends Dispatcher {
  private static final String PREFIX = "api/chatbot";

  private enum Route { START, STOP, DELETE, THREADS, RESUME }

  private final ServerCore core;

  /** Routes serving {@code core}. */
  public Routes(ServerCore core) {
    this.core = core;
  }

  @Override public MockResponse dispatch(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    String user = core.credentials.user(request.getHeaders());
    MockResponse response;
    try {
      response = route(request, url, user).build();
    } catch (RuntimeException e) {
      response = Responses.detail(500, "Internal error of the fake server: " + e).build();
    }
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    core.requests.add(new ReceivedRequest(request.getMethod(), url, request.getHeaders(), body, user,
        response.getCode()));
    core.activity.changed();
    return response;
  }

  private MockResponse.Builder route(RecordedRequest request, HttpUrl url, String user) {
    List<String> segments = url.pathSegments();
    String method = request.getMethod();
    if (segments.size() < 3 || !segments.get(0).equals("api") || !segments.get(1).equals("chatbot")) {
      return Responses.detail(404, "Not Found");
    }
    List<String> rest = segments.subList(2, segments.size());
    Route route = match(method, rest);
    if (route == null && !matchAnyMethod(rest) && endsWithSlash(rest)
        && matchAnyMethod(rest.subList(0, rest.size() - 1))) {
      return redirectWithoutSlash(url);
    }
    if (route == null) {
      return Responses.detail(matchAnyMethod(rest) ? 405 : 404, matchAnyMethod(rest) ? "Method Not Allowed" : "Not Found");
    }
    Fault fault = core.faults.takeRequestFault(method, url.encodedPath());
    if (fault != null && fault.kind() == Fault.Kind.STATUS) return statusFault(fault);
    Object body = null;
    if (route == Route.START) {
      // FastAPI decodes a JSON body before it resolves any dependency, the credentials included.
      try {
        body = bodyInput(request);
      } catch (IllegalArgumentException e) {
        return jsonDecodeError(request, e.getMessage());
      }
    }
    MockResponse.Builder response = authorizedRoute(route, request, url, user, rest, body);
    if (fault != null && fault.kind() == Fault.Kind.SLOW_FIRST_BYTE) {
      response.headersDelay(fault.duration().toNanos(), TimeUnit.NANOSECONDS);
    }
    return response;
  }

  private static boolean endsWithSlash(List<String> rest) {
    return rest.size() > 1 && rest.get(rest.size() - 1).isEmpty();
  }

  /** Starlette's {@code redirect_slashes}: a path that matches a route only without its trailing slash. */
  private static MockResponse.Builder redirectWithoutSlash(HttpUrl url) {
    HttpUrl target = url.newBuilder().removePathSegment(url.pathSize() - 1).build();
    return new MockResponse.Builder().code(307).setHeader("server", "uvicorn")
        .setHeader("location", target.toString()).body("");
  }

  private MockResponse.Builder authorizedRoute(Route route, RecordedRequest request, HttpUrl url, String user,
      List<String> rest, Object body) {
    if (user == null) {
      return Responses.detail(401, "Not authenticated").setHeader("WWW-Authenticate", "Bearer");
    }
    switch (route) {
      case START: return start(url, user, body);
      case STOP: return limited(user, "POST /{workflowId}/stop", () -> stop(user, rest.get(0)));
      case DELETE: return limited(user, "DELETE /{workflowId}", () -> delete(user, rest.get(0)));
      case THREADS: return limited(user, "GET /threads", () -> threads(user, url));
      case RESUME: return limited(user, "GET /{workflowId}/stream", () -> resume(request, url, user, rest.get(0)));
      default: throw new AssertionError(route);
    }
  }

  private Route match(String method, List<String> rest) {
    if (rest.contains("")) return null;
    if (rest.size() == 2 && rest.get(0).equals("start") && rest.get(1).equals("stream")) {
      return method.equals("POST") ? Route.START : null;
    }
    if (rest.size() == 1 && rest.get(0).equals("threads") && method.equals("GET")) return Route.THREADS;
    if (rest.size() == 2 && rest.get(1).equals("stop") && method.equals("POST")) return Route.STOP;
    if (rest.size() == 1 && method.equals("DELETE")) return Route.DELETE;
    if (rest.size() == 2 && rest.get(1).equals("stream") && method.equals("GET")
        && core.resumeMode != ResumeMode.NONE) {
      return Route.RESUME;
    }
    return null;
  }

  private boolean matchAnyMethod(List<String> rest) {
    for (String method : Arrays.asList("GET", "POST", "DELETE")) {
      if (match(method, rest) != null) return true;
    }
    return false;
  }

  private interface Handler {
    MockResponse.Builder handle();
  }

  private MockResponse.Builder limited(String user, String routeKey, Handler handler) {
    long retryAfter = core.rateLimiter.acquire(user + " " + routeKey);
    if (retryAfter > 0) return Responses.rateLimited(core.rateLimiter.perMinute(), retryAfter);
    return handler.handle();
  }

  private MockResponse.Builder statusFault(Fault fault) {
    if (fault.status() == 429) return Responses.rateLimited(core.rateLimiter.perMinute(), fault.retryAfterSeconds());
    MockResponse.Builder response = Responses.detail(fault.status(), Responses.reason(fault.status()));
    if (fault.retryAfterSeconds() >= 0) response.setHeader("Retry-After", fault.retryAfterSeconds());
    return response;
  }

  // POST /start/stream

  /**
   * What FastAPI hands the body parameter: {@link Pydantic#ABSENT} for no body or {@code null},
   * {@link Pydantic#RAW_BYTES} for a body of a non-JSON content type, else the parsed JSON.
   *
   * @throws IllegalArgumentException for a JSON body that does not parse
   */
  private static Object bodyInput(RecordedRequest request) {
    String text = request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
    if (text.isEmpty()) return Pydantic.ABSENT;
    String contentType = request.getHeaders().get("Content-Type");
    if (contentType != null) {
      MediaType type = MediaType.parse(contentType);
      boolean json = type != null && type.type().equals("application")
          && (type.subtype().equals("json") || type.subtype().endsWith("+json"));
      if (!json) return Pydantic.RAW_BYTES;
    }
    Object body = JsonText.parse(text);
    return body == null ? Pydantic.ABSENT : body;
  }

  /** FastAPI's answer to a body that is not JSON (the message and position are our parser's, not Python's). */
  private static MockResponse.Builder jsonDecodeError(RecordedRequest request, String message) {
    String doc = request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("msg", message);
    ctx.put("doc", doc);
    ctx.put("pos", 0);
    ctx.put("lineno", 1);
    ctx.put("colno", 1);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("loc", Arrays.asList("body", 0));
    error.put("msg", message + ": line 1 column 1 (char 0)");
    error.put("type", "value_error.jsondecode");
    error.put("ctx", ctx);
    return Responses.detail(422, Collections.singletonList(error));
  }

  private MockResponse.Builder start(HttpUrl url, String user, Object body) {
    Pydantic.UserInput input;
    try {
      input = Pydantic.userInput(body);
    } catch (Pydantic.Invalid e) {
      return Responses.detail(422, e.bodyDetail());
    }
    return limited(user, "POST /start/stream", () -> startStream(url, user, input));
  }

  private MockResponse.Builder startStream(HttpUrl url, String user, Pydantic.UserInput input) {
    // final_workflow_id = workflowId or userInput.workflowId: an empty id counts as none.
    String workflowId = url.queryParameter("workflowId");
    if (workflowId == null || workflowId.isEmpty()) {
      workflowId = input.workflowId != null && !input.workflowId.isEmpty() ? input.workflowId : null;
    }
    String prompt = input.prompt;
    StreamFaults faults = StreamFaults.of(core.faults.takeStreamFaults(), core.random);
    if (faults.status != null) return statusFault(faults.status);
    byte[] capture = core.faults.takeReplay();
    if (capture != null) {
      ReplayBody.ingest(core, user, capture);
      return streamResponse(faults, new ReplayBody(core, capture));
    }
    StoredThread existing = null;
    if (workflowId != null) {
      existing = core.repository.visible(workflowId, user);
      if (existing == null) {
        // chatProcess fails and the route's catch-all turns every failure into a 500 with str(e).
        return Responses.detail(500, "404: Workflow with ID " + workflowId + " not found");
      }
    }
    Round round = core.script.take(prompt);
    boolean resumable = core.resumeMode != ResumeMode.NONE;
    Started started = existing == null
        ? core.simulator.startThread(user, prompt, round, resumable)
        : core.simulator.continueThread(existing, prompt, round, resumable);
    return streamResponse(faults, new StreamBody(core, started.thread, started.subscription,
        core.resumeMode, existing != null, faults, started.release));
  }

  private static MockResponse.Builder streamResponse(StreamFaults faults, MockResponseBody body) {
    MockResponse.Builder response = new MockResponse.Builder()
        .code(200)
        .body(body)
        .removeHeader("Content-Length")
        .setHeader("server", "uvicorn")
        .setHeader("cache-control", "no-cache")
        .setHeader("connection", "keep-alive")
        .setHeader("x-accel-buffering", "no")
        .setHeader("content-type", "text/event-stream; charset=utf-8")
        .setHeader("transfer-encoding", "chunked");
    if (!faults.firstByteDelay.isZero()) {
      response.headersDelay(faults.firstByteDelay.toNanos(), TimeUnit.NANOSECONDS);
    }
    return response;
  }

  // GET /{workflowId}/stream (resumable variants)

  private MockResponse.Builder resume(RecordedRequest request, HttpUrl url, String user, String workflowId) {
    StoredThread thread = core.repository.visible(workflowId, user);
    if (thread == null) return Responses.detail(404, "Workflow with ID " + workflowId + " not found");
    String cursor = core.resumeMode == ResumeMode.EVENT_IDS
        ? request.getHeaders().get("Last-Event-ID")
        : url.queryParameter("starting_after");
    int lastId = -1;
    if (cursor != null && !cursor.trim().isEmpty()) {
      try {
        lastId = Integer.parseInt(cursor.trim());
      } catch (NumberFormatException e) {
        String name = core.resumeMode == ResumeMode.EVENT_IDS ? "Last-Event-ID" : "starting_after";
        return Responses.detail(400, "Invalid " + name + ": " + cursor);
      }
    }
    StreamFaults faults = StreamFaults.of(core.faults.takeStreamFaults(), core.random);
    if (faults.status != null) return statusFault(faults.status);
    Subscription subscription = core.repository.subscribeAfter(thread, lastId);
    return streamResponse(faults, new StreamBody(core, thread, subscription, core.resumeMode, false, faults, () -> { }));
  }

  // POST /{workflowId}/stop

  private MockResponse.Builder stop(String user, String workflowId) {
    StoredThread thread = core.repository.visible(workflowId, user);
    if (thread == null) return Responses.detail(500, "404: Workflow with ID " + workflowId + " not found");
    core.simulator.stop(thread);
    return Responses.json(200, core.repository.with(thread, StoredThread::workflowTree));
  }

  // DELETE /{workflowId}

  private MockResponse.Builder delete(String user, String workflowId) {
    StoredThread thread = core.repository.visible(workflowId, user);
    if (thread == null) return Responses.detail(404, "Workflow with ID " + workflowId + " not found");
    if (!thread.workflowMode.equals("Chatbot")) {
      return Responses.detail(400, "Workflow " + workflowId + " is not a chatbot workflow");
    }
    if (core.repository.with(thread, t -> t.readOnly)) {
      return Responses.detail(403, "You don't have permission to delete this workflow");
    }
    if (!core.repository.remove(thread)) {
      return Responses.detail(404, "Workflow with ID " + workflowId + " not found");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", workflowId);
    body.put("message", "Chatbot workflow and associated data deleted successfully");
    return Responses.json(200, body);
  }

  // GET /threads

  private MockResponse.Builder threads(String user, HttpUrl url) {
    String workflowId = url.queryParameter("workflowId");
    if (workflowId != null && !workflowId.isEmpty()) {
      StoredThread thread = core.repository.visible(workflowId, user);
      if (thread == null) return Responses.detail(404, "Workflow with ID " + workflowId + " not found");
      return Responses.json(200, core.repository.with(thread, Routes::threadTree));
    }
    List<Map<String, Object>> workflows = new ArrayList<>();
    for (Map<String, Object> workflow : core.repository.ownedBy(user, StoredThread::workflowTree)) {
      if ("Chatbot".equals(workflow.get("workflowMode"))) workflows.add(workflow);
    }
    try {
      return Responses.json(200, ThreadListing.list(workflows, url.queryParameter("pagination")));
    } catch (ThreadListing.Rejected e) {
      return Responses.detail(e.status, e.detail);
    }
  }

  private static Map<String, Object> threadTree(StoredThread thread) {
    List<Object> items = new ArrayList<>();
    for (StoredItem item : thread.items) items.add(item.wireTree());
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("workflow", thread.workflowTree());
    tree.put("chatData", Collections.singletonMap("items", items));
    return tree;
  }
}
