package dev.threadline.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * One request as the fake server received it, with the status it answered. Immutable. Listed by
 * {@link FakeChatbotServer#requests()} in arrival order.
 */
public final class ReceivedRequest {
  private final String method;
  private final HttpUrl url;
  private final Headers headers;
  private final byte[] body;
  private final @Nullable String user;
  private final int status;

  /**
   * Creates a record; the server does this, tests only read records.
   *
   * @param user the authenticated user, or null if the credentials were missing or wrong
   */
  public ReceivedRequest(String method, HttpUrl url, Headers headers, byte[] body, @Nullable String user,
      int status) {
    this.method = Objects.requireNonNull(method, "method");
    this.url = Objects.requireNonNull(url, "url");
    this.headers = Objects.requireNonNull(headers, "headers");
    this.body = body.clone();
    this.user = user;
    this.status = status;
  }

  /** The HTTP method, e.g. {@code POST}. */
  public String method() {
    return method;
  }

  /** The URL path without query, e.g. {@code /api/chatbot/start/stream}. */
  public String path() {
    return url.encodedPath();
  }

  /** The raw (encoded) query string, or null if there is none. */
  public @Nullable String query() {
    return url.encodedQuery();
  }

  /** The first decoded value of query parameter {@code name}, or null. */
  public @Nullable String queryParameter(String name) {
    return url.queryParameter(name);
  }

  /** The full request URL as the server saw it. */
  public HttpUrl url() {
    return url;
  }

  /** All request headers. */
  public Headers headers() {
    return headers;
  }

  /** The first value of header {@code name}, or null. */
  public @Nullable String header(String name) {
    return headers.get(name);
  }

  /** The request body as UTF-8 text; empty if there was none. */
  public String body() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The user the credentials belong to, or null if they were missing or unknown (the answer was 401). */
  public @Nullable String user() {
    return user;
  }

  /** The HTTP status the server answered with (200 for a stream, even if the stream later failed). */
  public int status() {
    return status;
  }

  @Override public String toString() {
    return method + " " + url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery())
        + " -> " + status + (user == null ? "" : " (" + user + ")");
  }
}
