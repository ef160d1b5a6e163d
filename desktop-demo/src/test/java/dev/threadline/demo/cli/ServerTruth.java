package dev.threadline.demo.cli;

import com.squareup.moshi.Moshi;
import dev.threadline.testkit.FakeChatbotServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** What the fake server itself answers, read over plain HTTP, and helpers to compare JSON with it. */
final class ServerTruth {
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final Pattern TIME_FIELD =
      Pattern.compile("\"(createdAt|lastActivity|startedAt|timestamp)\"\\s*:\\s*(-?[0-9][0-9.eE+-]*)");

  private ServerTruth() {}

  /** The raw body of {@code GET /api/chatbot/threads?workflowId=ID}. */
  static String thread(FakeChatbotServer server, String token, String workflowId) throws IOException {
    return get(server.url().newBuilder().addPathSegments("api/chatbot/threads")
        .addQueryParameter("workflowId", workflowId).build(), token);
  }

  /** The raw body of the thread list, all threads in one page, most recently active first. */
  static String threads(FakeChatbotServer server, String token) throws IOException {
    return get(server.url().newBuilder().addPathSegments("api/chatbot/threads")
        .addQueryParameter("pagination",
            "{\"page\":1,\"pageSize\":1000,\"sort\":[{\"field\":\"lastActivity\",\"direction\":\"desc\"}]}")
        .build(), token);
  }

  private static String get(HttpUrl url, String token) throws IOException {
    Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + token).build();
    try (Response response = HTTP.newCall(request).execute()) {
      if (response.code() != 200) throw new IOException("HTTP " + response.code() + " for " + url);
      return response.body().string();
    }
  }

  /** The JSON value of {@code json}: maps, lists, strings, doubles, booleans, null. */
  static Object parse(String json) throws IOException {
    return new Moshi.Builder().build().adapter(Object.class).fromJson(json);
  }

  /** Every time field's number exactly as written, in order. */
  static List<String> timeLiterals(String json) {
    List<String> literals = new ArrayList<>();
    Matcher matcher = TIME_FIELD.matcher(json);
    while (matcher.find()) literals.add(matcher.group(1) + "=" + matcher.group(2));
    return literals;
  }
}
