package dev.threadline.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/** Plain OkHttp requests to a backend's {@code /api/chatbot} routes, as the contract suite sends them. */
final class BackendHttp implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json");

  /** A whole non-stream reply. */
  static final class Reply {
    final int code;
    final Headers headers;
    final String body;

    Reply(int code, Headers headers, String body) {
      this.code = code;
      this.headers = headers;
      this.body = body;
    }

    Object json() {
      return Json.parse(body);
    }

    @Override public String toString() {
      return code + " " + body;
    }
  }

  private final HttpUrl base;
  private final OkHttpClient http = new OkHttpClient.Builder()
      .readTimeout(Duration.ofSeconds(30))
      .retryOnConnectionFailure(false)
      .build();

  BackendHttp(HttpUrl base) {
    this.base = base;
  }

  /** {@code api/chatbot/<path>} with the given query parameters (name, value, name, value…). */
  HttpUrl url(String path, String... query) {
    HttpUrl.Builder url = base.resolve("api/chatbot/" + path).newBuilder();
    for (int i = 0; i < query.length; i += 2) url.addQueryParameter(query[i], query[i + 1]);
    return url.build();
  }

  Reply get(HttpUrl url, String token) {
    return execute(request(url, token).get().build());
  }

  Reply post(HttpUrl url, String token, String json) {
    return execute(request(url, token).post(RequestBody.create(json, JSON)).build());
  }

  Reply post(HttpUrl url, String token, RequestBody body) {
    return execute(request(url, token).post(body).build());
  }

  /** A GET whose redirect is answered, not followed. */
  Reply getWithoutFollowingRedirects(HttpUrl url, String token) {
    OkHttpClient noRedirects = http.newBuilder().followRedirects(false).build();
    try (Response response = noRedirects.newCall(request(url, token).get().build()).execute()) {
      return new Reply(response.code(), response.headers(), response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Reply delete(HttpUrl url, String token) {
    return execute(request(url, token).delete().build());
  }

  /** Opens {@code POST /start/stream}; the stream's frames are read as they come. */
  SseStream stream(HttpUrl url, String token, String json) {
    Call call = http.newCall(request(url, token).post(RequestBody.create(json, JSON)).build());
    try {
      return new SseStream(call, call.execute());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Request.Builder request(HttpUrl url, String token) {
    Request.Builder request = new Request.Builder().url(url);
    if (token != null) request.header("Authorization", "Bearer " + token);
    return request;
  }

  private Reply execute(Request request) {
    try (Response response = http.newCall(request).execute()) {
      return new Reply(response.code(), response.headers(), response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override public void close() {
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /**
   * A stream response read in the background, frame by frame: a frame is the text before a blank line
   * ({@code "data: {…}"} or {@code ": keepalive"}). The end of the body is {@link #END}; a broken body is a
   * frame starting with {@link #BROKEN}.
   */
  static final class SseStream implements AutoCloseable {
    static final String END = "<end of body>";
    static final String BROKEN = "<broken: ";

    final int code;
    final Headers headers;
    private final Call call;
    private final Response response;
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private String bodyText;

    SseStream(Call call, Response response) {
      this.call = call;
      this.response = response;
      this.code = response.code();
      this.headers = response.headers();
      if (code == 200) {
        Thread reader = new Thread(this::readFrames, "sse-reader");
        reader.setDaemon(true);
        reader.start();
      }
    }

    /** The body of a non-200 reply. */
    String errorBody() {
      if (bodyText == null) {
        try {
          bodyText = response.body().string();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return bodyText;
    }

    private void readFrames() {
      try {
        BufferedSource source = response.body().source();
        StringBuilder frame = new StringBuilder();
        while (true) {
          long newline = source.indexOf((byte) '\n');
          if (newline < 0) {
            String rest = source.readUtf8();
            frames.add(rest.isEmpty() && frame.length() == 0 ? END : BROKEN + "unterminated " + frame + rest);
            return;
          }
          String line = source.readUtf8(newline + 1);
          if (line.equals("\n")) {
            frames.add(frame.toString());
            frame.setLength(0);
          } else {
            frame.append(line, 0, line.length() - 1);
          }
        }
      } catch (IOException e) {
        frames.add(BROKEN + e + ">");
      } finally {
        response.close();
      }
    }

    /** The next frame, {@link #END}, or null when none came within {@code timeout}. */
    String next(Duration timeout) {
      try {
        return frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }

    /** The next data frame's JSON (skipping keepalives), or null at the end; fails after {@code timeout}. */
    String nextData(Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        String frame = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (frame == null) throw new AssertionError("no data frame within " + timeout);
        if (frame.equals(END)) return null;
        if (frame.startsWith(BROKEN)) throw new AssertionError(frame);
        if (frame.startsWith("data: ")) return frame.substring("data: ".length());
      }
    }

    /** Every frame up to the end of the body (without {@link #END}); fails if it does not end in {@code timeout}. */
    List<String> readToEnd(Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      List<String> all = new ArrayList<>();
      while (true) {
        String frame = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (frame == null) throw new AssertionError("the stream did not end within " + timeout + "; frames " + all);
        if (frame.equals(END)) return all;
        if (frame.startsWith(BROKEN)) throw new AssertionError(frame + " after " + all);
        all.add(frame);
      }
    }

    /** Hangs up; the reader then closes the response (closing it here would race the reader). */
    @Override public void close() {
      call.cancel();
      if (code != 200) response.close();
    }
  }
}
