package dev.threadline.it;

import dev.threadline.ChatItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import okio.BufferedSink;

/**
 * One generated case of the fuzz suite, all drawn from its seed: the thread the server holds (its truth),
 * and how the server answers each request of one send: the POST's status and stream (valid events mixed
 * with mutated and hostile ones, in any line ends and framing), the thread list, and a run of re-reads
 * that may be hostile before the truth comes.
 */
final class FuzzCase {
  /** The largest event the fuzzed client accepts: long lines go past it. */
  static final int MAX_EVENT = 16 * 1024;
  private static final int[] STATUSES = {201, 204, 301, 302, 303, 307, 308, 400, 401, 403, 404, 408, 409, 422,
      429, 500, 502, 503, 504, 599};
  private static final String[] RETRY_AFTERS = {"99999999999", "99999999999999999999999", "-1", "abc", "0", "1",
      "Wed, 21 Oct 2099 07:28:00 GMT", " 2 ", "1e3", ""};
  private static final String[] FINISHED = {"completed", "stopped", "error"};

  final long seed;
  final String workflowId;
  final String prompt;
  final String finalStatus;
  /** The server's items, as a re-read spells them. */
  final List<String> truth = new ArrayList<>();
  private final Random random;
  private final List<String> streamItems = new ArrayList<>();
  private final int refusals;
  private final int postStatus;
  private final int hostileReReads;
  private final int hostileLists;
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicInteger postsAfterAnAnswer = new AtomicInteger();
  private volatile boolean answeredPost;
  private final AtomicInteger reReads = new AtomicInteger();
  private final AtomicInteger lists = new AtomicInteger();
  private final MockResponse stream;

  FuzzCase(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
    this.workflowId = "wf_" + Long.toHexString(seed);
    this.prompt = "Prompt " + seed;
    this.finalStatus = FINISHED[random.nextInt(FINISHED.length)];
    int items = random.nextInt(7);
    for (int i = 0; i < items; i++) {
      String item = item(i, "final " + i, "1737331539." + (100 + i));
      truth.add(item);
      streamItems.add(item);
    }
    this.refusals = random.nextInt(8) == 0 ? 1 + random.nextInt(2) : 0;
    this.postStatus = random.nextInt(8) == 0 ? STATUSES[random.nextInt(STATUSES.length)] : 200;
    this.hostileReReads = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0;
    this.hostileLists = random.nextInt(4) == 0 ? 1 : 0;
    this.stream = streamResponse();
  }

  private String item(int i, String text, String createdAt) {
    String type = i % 3 == 0 ? "message" : i % 3 == 1 ? "log" : "stat";
    return "{\"type\": \"" + type + "\", \"createdAt\": " + createdAt + ", \"item\": {\"id\": \"i" + i
        + "\", \"workflowId\": \"" + workflowId + "\", \"role\": \"assistant\", \"message\": \"" + text
        + "\", \"roundNumber\": 1}}";
  }

  /** The truth's items as the SDK reads them. */
  List<ChatItem> truthItems() {
    List<ChatItem> items = new ArrayList<>();
    for (String item : truth) items.add(ChatItem.fromJson(item));
    return items;
  }

  /** Answers one request of this case; {@code route} is its path below {@code /api/chatbot}. */
  MockResponse answer(RecordedRequest request, String route) {
    if (request.getMethod().equals("POST")) {
      if (answeredPost) postsAfterAnAnswer.incrementAndGet();
      int n = posts.getAndIncrement();
      if (n < refusals) return status(random.nextBoolean() ? 429 : 503);
      // Anything but a refusal proves the prompt arrived: it must never be posted again. (A 401 is refused
      // before the prompt runs, and the SDK retries it once with refreshed credentials.)
      answeredPost = postStatus != 429 && postStatus != 503 && postStatus != 401;
      return postStatus == 200 ? stream : status(postStatus);
    }
    if (route.equals("/threads")) return lists.getAndIncrement() < hostileLists ? hostileBody() : json(listJson());
    if (route.startsWith("/threads?workflowId=")) {
      return reReads.getAndIncrement() < hostileReReads ? hostileReRead() : json(threadJson(finalStatus, truth));
    }
    return status(404);
  }

  /** How many times the prompt was posted again after the server had taken it (anything but 429, 503, 401). */
  int postsAfterAnAnswer() {
    return postsAfterAnAnswer.get();
  }

  @Override public String toString() {
    return "FuzzCase(seed " + seed + ", refusals " + refusals + ", POST answered " + postStatus + ", hostile re-reads "
        + hostileReReads + ", hostile lists " + hostileLists + ", final " + finalStatus + ", posts " + posts + ")";
  }

  // ---- the stream

  private MockResponse streamResponse() {
    List<String> payloads = new ArrayList<>();
    for (String item : streamItems) {
      if (random.nextInt(4) == 0) payloads.add(mutation());
      if (random.nextInt(6) == 0) {
        // An older copy first: the later one replaces it.
        payloads.add(item.replace("\"final ", "\"stale "));
      }
      payloads.add(item);
      if (random.nextInt(8) == 0) payloads.add(item);
    }
    if (random.nextInt(3) == 0) payloads.add(mutation());
    StringBuilder text = new StringBuilder();
    if (random.nextInt(10) == 0) text.append('\uFEFF');
    for (String payload : payloads) {
      if (payload.startsWith("\u0000raw:")) {
        text.append(payload.substring(5));
        continue;
      }
      text.append("data: ").append(payload).append(lineEnd()).append(lineEnd());
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(12) == 0) bytes = flipBytes(bytes);
    int framing = random.nextInt(10);
    if (framing == 0 && bytes.length > 0) {
      // Breaks off: promises more than it sends, after a random cut.
      byte[] cut = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
      return sse(new Buffer().write(cut)).setHeader("Content-Length", cut.length + 100)
          .onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build();
    }
    if (framing <= 3) return sse(new Buffer().write(bytes)).build();
    if (framing <= 6) {
      return sse(new Buffer()).chunkedBody(new Buffer().write(bytes), splitSize(bytes.length)).build();
    }
    return closeDelimited(bytes, splitSize(bytes.length));
  }

  /** Pieces of 1 to 64 bytes for a short body, so every split shows up; fewer, larger ones for long lines. */
  private int splitSize(int length) {
    return 1 + random.nextInt(Math.max(64, length / 64));
  }

  private String lineEnd() {
    int kind = random.nextInt(10);
    return kind < 6 ? "\n" : kind < 8 ? "\r\n" : "\r";
  }

  private String mutation() {
    String valid = item(90 + random.nextInt(5), "mutant", "1737331540." + random.nextInt(1000));
    switch (random.nextInt(14)) {
      case 0: return randomText(random.nextInt(200));
      case 1: return valid.substring(0, random.nextInt(valid.length()));
      case 2: return "{\"x\": \"" + "x".repeat(MAX_EVENT + random.nextInt(MAX_EVENT)) + "\"}";
      case 3: return valid.replace("\"roundNumber\": 1", "\"roundNumber\": 1, \"deep\": " + nested(1 + random.nextInt(400)));
      case 4: return valid.replace("mutant", "mu\uDC00tant\u00ff");
      case 5: return wrongTypes(valid);
      case 6: return valid.replaceFirst("\"createdAt\": [0-9.]+", "\"createdAt\": "
          + pick("NaN", "1e400", "1e-99999999", "-0", "1e308", "\"1737331540\"", "null", "-1e-400"));
      case 7: return valid.replace(workflowId, pick("", " ", ".", "..", "%2e%2e", "wf_other"));
      case 8: return "\u0000raw:" + pick("retry: 0", "retry: 99999999999999999999", "retry: -1", "retry: x",
          "event: end", "event: \u0000", "id: \u0000x", "id: 7") + lineEnd();
      case 9: return "\u0000raw:: keepalive" + lineEnd() + lineEnd();
      case 10: return "[DONE]";
      case 11: return "\u0000raw:" + lineEnd() + lineEnd() + lineEnd();
      case 12: return item(0, "different " + random.nextInt(), "1737331541.5");
      default: return "\u0000raw:" + randomText(random.nextInt(100));
    }
  }

  private String wrongTypes(String valid) {
    switch (random.nextInt(6)) {
      case 0: return valid.replaceFirst("\"item\": \\{.*\\}\\}$", "\"item\": [1, 2]}");
      case 1: return valid.replace("\"type\": \"", "\"type\": 5, \"t\": \"");
      case 2: return valid.replace("\"id\": \"", "\"id\": {\"a\": 1}, \"x\": \"");
      case 3: return valid.replace("\"roundNumber\": 1", "\"roundNumber\": \"one\"");
      case 4: return valid.replace("\"workflowId\": \"" + workflowId + "\"", "\"workflowId\": 42");
      default: return "[" + valid + "]";
    }
  }

  // ---- re-reads and lists

  private MockResponse hostileReRead() {
    switch (random.nextInt(9)) {
      case 0: return hostileBody();
      case 1: return json("{\"workflow\": " + nested(100 + random.nextInt(300)) + "}");
      case 2: return json("{\"workflow\": [1], \"chatData\": {\"items\": {}}}");
      case 3: return json(threadJson("running", truth));
      case 4: return json(threadJson(finalStatus, truth).substring(0, random.nextInt(60)));
      case 5: return json("{\"workflow\": " + workflowJson(finalStatus) + ", \"chatData\": {\"items\": [{\"type\": 1, "
          + "\"createdAt\": \"x\", \"item\": 3}]}}");
      case 6: return json("{\"workflow\": " + workflowJson(finalStatus) + ", \"chatData\": {\"items\": [{\"type\": \"log\", "
          + "\"createdAt\": 1e-99999999, \"item\": {}}]}}");
      case 7: return status(pickStatus(500, 502, 503, 429));
      default: return json(threadJson("weird-status", truth));
    }
  }

  private MockResponse hostileBody() {
    switch (random.nextInt(4)) {
      case 0: return json(randomText(random.nextInt(300)));
      case 1: return json("");
      case 2: return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html").body("<html>").build();
      default: return json("{\"items\": [" + nested(300) + "]}");
    }
  }

  private String listJson() {
    return "{\"items\": [" + workflowJson(finalStatus) + "], \"pagination\": {\"currentPage\": 1, \"pageSize\": 50, "
        + "\"totalItems\": 1, \"totalPages\": 1}}";
  }

  private String workflowJson(String status) {
    return "{\"id\": \"" + workflowId + "\", \"name\": \"" + prompt + "\", \"status\": \"" + status
        + "\", \"currentRound\": 1, \"workflowMode\": \"Chatbot\", \"startedAt\": 1737331539.0, "
        + "\"lastActivity\": 1737331542.0}";
  }

  private String threadJson(String status, List<String> items) {
    return "{\"workflow\": " + workflowJson(status) + ", \"chatData\": {\"items\": [" + String.join(", ", items) + "]}}";
  }

  // ---- helpers

  private MockResponse status(int code) {
    MockResponse.Builder response = new MockResponse.Builder().code(code).body("{\"detail\": \"fuzz " + code + "\"}");
    if (random.nextBoolean()) response.setHeader("Retry-After", pick(RETRY_AFTERS));
    if (code >= 300 && code < 400) response.setHeader("Location", pick("http://127.0.0.1:1/x", "/api/chatbot/threads", ""));
    return response.build();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse.Builder sse(Buffer body) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(body);
  }

  private static MockResponse closeDelimited(byte[] bytes, int step) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
        .body(new MockResponseBody() {
          @Override public long getContentLength() {
            return -1;
          }

          @Override public void writeTo(BufferedSink sink) throws IOException {
            for (int i = 0; i < bytes.length; i += step) {
              sink.write(bytes, i, Math.min(step, bytes.length - i));
              sink.flush();
            }
          }
        })
        .removeHeader("Content-Length").setHeader("Connection", "close")
        .onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build();
  }

  private String randomText(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private byte[] flipBytes(byte[] bytes) {
    byte[] copy = bytes.clone();
    for (int i = 0; i < 1 + random.nextInt(4) && copy.length > 0; i++) copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
    return copy;
  }

  private String nested(int depth) {
    String open = random.nextBoolean() ? "[" : "{\"a\": ";
    String close = open.equals("[") ? "]" : "}";
    return open.repeat(depth) + "1" + close.repeat(depth);
  }

  @SafeVarargs
  private <T> T pick(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private int pickStatus(int... choices) {
    return choices[random.nextInt(choices.length)];
  }
}
