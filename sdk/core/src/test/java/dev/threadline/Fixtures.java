package dev.threadline;

import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;

/** Wire-format builders for tests: chat data items, workflows and whole responses, as the backend writes them. */
final class Fixtures {
  static final String WF = "wf_41a";

  private Fixtures() {}

  static String message(String id, String role, String text, int round, String createdAt) {
    return "{\"type\": \"message\", \"createdAt\": " + createdAt + ", \"item\": {\"id\": \"" + id
        + "\", \"workflowId\": \"" + WF + "\", \"role\": \"" + role + "\", \"message\": \"" + text
        + "\", \"roundNumber\": " + round + "}}";
  }

  static String log(String id, double progress, int round, String createdAt) {
    return "{\"type\": \"log\", \"createdAt\": " + createdAt + ", \"item\": {\"id\": \"" + id
        + "\", \"workflowId\": \"" + WF + "\", \"message\": \"Analysing request...\", \"type\": \"info\", "
        + "\"status\": \"running\", \"progress\": " + progress + ", \"roundNumber\": " + round + "}}";
  }

  static String workflow(String status, int round) {
    return "{\"id\": \"" + WF + "\", \"mandateId\": \"m1\", \"name\": \"What is our refund policy?\", "
        + "\"status\": \"" + status + "\", \"currentRound\": " + round + ", \"workflowMode\": \"Chatbot\", "
        + "\"maxSteps\": 10, \"startedAt\": 1737331539.0, \"lastActivity\": 1737331542.02}";
  }

  static String threadJson(String workflow, List<String> items) {
    return "{\"workflow\": " + workflow + ", \"chatData\": {\"items\": [" + String.join(", ", items) + "]}}";
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  static MockResponse sse(String body) {
    return new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "text/event-stream")
        .setHeader("Cache-Control", "no-cache")
        .setHeader("X-Accel-Buffering", "no")
        .body(body).build();
  }

  /**
   * An event stream that sends {@code body} and then breaks off: it promises more bytes than it sends and
   * closes the socket, as a dropped connection does.
   */
  static MockResponse sseThenDrop(String body) {
    long promised = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1000;
    return new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "text/event-stream")
        .body(body)
        .setHeader("Content-Length", promised)
        .onResponseEnd(new mockwebserver3.SocketEffect.CloseSocket(true, false, false))
        .build();
  }

  static String events(List<String> dataLines) {
    return dataLines.stream().map(line -> "data: " + line + "\n\n").collect(Collectors.joining());
  }

  static List<String> texts(ThreadState state) {
    return state.items().stream().map(ChatItem::toJson).collect(Collectors.toList());
  }

  static List<String> wire(List<String> items) {
    return items.stream().map(item -> ChatItem.fromJson(item).toJson()).collect(Collectors.toList());
  }
}
