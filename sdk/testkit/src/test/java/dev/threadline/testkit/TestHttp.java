package dev.threadline.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/** Plain OkHttp calls against the fake, for the testkit's own tests. */
final class TestHttp {
  static final MediaType JSON = MediaType.get("application/json");
  static final String START = "/api/chatbot/start/stream";

  final FakeChatbotServer server;
  final String token;
  final OkHttpClient client;

  TestHttp(FakeChatbotServer server, String token) {
    this.server = server;
    this.token = token;
    this.client = new OkHttpClient.Builder()
        .readTimeout(Duration.ofSeconds(10))
        .retryOnConnectionFailure(false)
        .build();
  }

  Request.Builder request(String pathAndQuery) {
    Request.Builder builder = new Request.Builder().url(server.url().resolve(pathAndQuery));
    if (token != null) builder.header("Authorization", "Bearer " + token);
    return builder;
  }

  Response get(String pathAndQuery) throws IOException {
    return client.newCall(request(pathAndQuery).build()).execute();
  }

  Response post(String pathAndQuery, String json) throws IOException {
    return client.newCall(request(pathAndQuery).post(RequestBody.create(json, JSON)).build()).execute();
  }

  Response delete(String pathAndQuery) throws IOException {
    return client.newCall(request(pathAndQuery).delete().build()).execute();
  }

  /** POSTs a prompt and reads the whole stream body as text. */
  String stream(String prompt) throws IOException {
    try (Response response = post(START, body(prompt, null))) {
      return response.body().string();
    }
  }

  static String body(String prompt, String workflowId) {
    return "{\"prompt\": \"" + prompt + "\", \"listFileId\": [], \"userLanguage\": \"en\", \"workflowId\": "
        + (workflowId == null ? "null" : "\"" + workflowId + "\"") + "}";
  }

  /** Reads SSE events (blocks up to the blank line) until the body ends; returns them without the blank line. */
  static List<String> events(String body) {
    List<String> events = new ArrayList<>();
    for (String event : body.split("\n\n", -1)) {
      if (!event.isEmpty()) events.add(event);
    }
    return events;
  }

  /** Reads one event (up to and without the blank line), or null at the end of the body. */
  static String nextEvent(BufferedSource source) throws IOException {
    StringBuilder event = new StringBuilder();
    while (true) {
      String line = source.readUtf8Line();
      if (line == null) return event.length() == 0 ? null : event.toString();
      if (line.isEmpty()) {
        if (event.length() > 0) return event.toString();
        continue;
      }
      if (event.length() > 0) event.append('\n');
      event.append(line);
    }
  }

  /** Sends a raw HTTP/1.1 request and returns the raw response bytes until the server closes or stops. */
  static String raw(FakeChatbotServer server, String request) throws IOException {
    try (Socket socket = new Socket(server.url().host(), server.port())) {
      socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(5));
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder response = new StringBuilder();
      byte[] buffer = new byte[8192];
      while (true) {
        int read = in.read(buffer);
        if (read < 0) break;
        response.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        if (response.toString().endsWith("\r\n0\r\n\r\n")) break;
      }
      return response.toString();
    }
  }
}
