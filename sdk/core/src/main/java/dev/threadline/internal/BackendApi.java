package dev.threadline.internal;

import com.squareup.moshi.JsonReader;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotException;
import dev.threadline.MalformedResponseException;
import dev.threadline.NetworkException;
import dev.threadline.PageRequest;
import dev.threadline.ThreadPage;
import dev.threadline.UserInput;
import dev.threadline.Workflow;
import dev.threadline.internal.wire.ThreadCodec;
import dev.threadline.internal.wire.WorkflowCodec;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * The backend's routes: how each request is built and each answer read. Knows the wire format, nothing
 * about threads' state.
 */
public final class BackendApi {
  private final PendingHttpClient client;
  private final BaseUrl baseUrl;
  /** {@code baseUrl/api/chatbot/}, made when the first request is (see {@link BaseUrl}). */
  private volatile @Nullable HttpUrl apiRoot;
  private volatile @Nullable HttpUrl streamUrl;
  private final Executor callbackExecutor;
  private final CallTracker calls;
  private final long maxResponseBytes;

  /**
   * @param client the client that adds credentials to every request
   * @param baseUrl the backend's base URL; routes are under {@code baseUrl/api/chatbot/}
   * @param callbackExecutor where asynchronous results complete
   * @param maxResponseBytes the largest answer body read
   */
  public BackendApi(PendingHttpClient client, BaseUrl baseUrl, Executor callbackExecutor, CallTracker calls,
      long maxResponseBytes) {
    this.maxResponseBytes = maxResponseBytes;
    this.client = client;
    this.baseUrl = baseUrl;
    this.callbackExecutor = callbackExecutor;
    this.calls = calls;
  }

  private HttpUrl apiRoot() {
    HttpUrl root = apiRoot;
    if (root == null) {
      // Racing threads at worst make it twice, equal.
      root = baseUrl.httpUrl().newBuilder().addPathSegment("api").addPathSegment("chatbot").build();
      apiRoot = root;
    }
    return root;
  }

  /**
   * The route every send posts to, made once: a new thread's send uses it as it is, instead of building its
   * path again (on the way to its first item).
   */
  private HttpUrl streamUrl() {
    HttpUrl url = streamUrl;
    if (url == null) {
      // Racing threads at worst make it twice, equal.
      url = apiRoot().newBuilder().addPathSegment("start").addPathSegment("stream").build();
      streamUrl = url;
    }
    return url;
  }

  // ---- requests ----

  /** {@code GET /threads}, with {@code pagination} unless {@code page} is null (all threads). */
  public Request listThreads(@Nullable PageRequest page) {
    HttpUrl.Builder url = apiRoot().newBuilder().addPathSegment("threads");
    if (page != null) url.addQueryParameter("pagination", page.toJson());
    return new Request.Builder().url(url.build()).get().build();
  }

  /** {@code GET /threads?workflowId=}. */
  public Request getThread(String workflowId) {
    HttpUrl url = apiRoot().newBuilder().addPathSegment("threads")
        .addQueryParameter("workflowId", WorkflowIds.check(workflowId)).build();
    return new Request.Builder().url(url).get().build();
  }

  /** {@code POST /{workflowId}/stop}. */
  public Request stop(String workflowId) {
    HttpUrl url = apiRoot().newBuilder().addPathSegment(WorkflowIds.check(workflowId)).addPathSegment("stop").build();
    return new Request.Builder().url(url).post(RequestBody.create(new byte[0], null)).build();
  }

  /** {@code DELETE /{workflowId}}. */
  public Request delete(String workflowId) {
    HttpUrl url = apiRoot().newBuilder().addPathSegment(WorkflowIds.check(workflowId)).build();
    return new Request.Builder().url(url).delete().build();
  }

  /**
   * {@code POST /start/stream}. A continued thread's id goes both in the query (which the backend prefers)
   * and in the body (as the app's {@link UserInput} has it), so backends reading either agree. The body is
   * one-shot so that OkHttp never silently repeats it after it may have reached the server: a
   * repeated send would run the prompt twice.
   */
  public Request startStream(UserInput input) {
    HttpUrl url = streamUrl();
    if (input.workflowId() != null) {
      url = url.newBuilder().addQueryParameter("workflowId", WorkflowIds.check(input.workflowId())).build();
    }
    byte[] body = input.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new Request.Builder().url(url)
        .header("Accept", StreamSession.EVENT_STREAM)
        .post(new OneShotBody(body)).build();
  }

  /**
   * {@code GET} of a resumable stream of {@code workflowId}, after {@code lastEventId} (null: from the
   * start).
   */
  public Request resumeStream(dev.threadline.ResumableStream resumable, String workflowId,
      @Nullable String lastEventId) {
    HttpUrl.Builder url = apiRoot().newBuilder();
    for (String segment : resumable.pathTemplate().split("/")) {
      if (segment.isEmpty()) continue;
      url.addPathSegment(segment.equals("{workflowId}") ? WorkflowIds.check(workflowId) : segment);
    }
    Request.Builder request = new Request.Builder().get().header("Accept", StreamSession.EVENT_STREAM);
    if (lastEventId != null) {
      if (resumable.kind() == dev.threadline.ResumableStream.Kind.LAST_EVENT_ID) {
        request.header("Last-Event-ID", lastEventId);
      } else {
        url.addQueryParameter(resumable.cursorParameter(), lastEventId);
      }
    }
    return request.url(url.build()).build();
  }

  // ---- answers ----

  /** Reads a thread list page; {@code request} is the page asked for, or null. */
  public static ThreadPage readThreadPage(ResponseBody body, @Nullable PageRequest request) throws IOException {
    return ThreadCodec.readThreadPage(JsonReader.of(body.source()), request);
  }

  /** Reads {@code {"workflow": …, "chatData": {"items": […]}}}. */
  public static ChatThread readThread(ResponseBody body) throws IOException {
    return ThreadCodec.readThread(JsonReader.of(body.source()));
  }

  /** Reads a {@code ChatWorkflow}. */
  public static Workflow readWorkflow(ResponseBody body) throws IOException {
    return WorkflowCodec.read(JsonReader.of(body.source()));
  }

  /** Ignores the body (e.g. delete's confirmation). */
  public static Void readNothing(ResponseBody body) {
    return null;
  }

  // ---- execution ----

  /** Reads a successful response's body into a value. */
  public interface BodyReader<T> {
    T read(ResponseBody body) throws IOException;
  }

  /** Runs {@code request} on the calling thread and reads its answer. */
  public <T> T execute(Request request, BodyReader<T> reader) {
    Call call = client.get().newCall(request);
    calls.track(call);
    try (Response response = call.execute()) {
      return readResponse(response, reader);
    } catch (IOException e) {
      throw SdkExceptions.get().network(describe(request) + " failed: " + e.getMessage(), e);
    } finally {
      calls.untrack(call);
    }
  }

  /** Runs the app's {@code request} in the background; the future completes on the callback executor. */
  public <T> CompletableFuture<T> enqueue(Request request, BodyReader<T> reader) {
    CompletableFuture<T> future = new CompletableFuture<>();
    // Started once the HTTP client is made (at once but in a fresh process), never holding up this thread.
    client.whenReady(http -> start(http, request, reader, callbackExecutor, future),
        error -> failedToMake(future, describe(request), error, callbackExecutor));
    return future;
  }

  /**
   * The engine's own read of the request {@code request} makes, in the background; the future completes on
   * {@code executor}, the engine's (so that a busy app thread never holds up the SDK's work). If the HTTP
   * client is not made yet, {@code makeClientAfter} is given its making to run: the engine runs it after the
   * cache reads asked for before (a thread's cache is shown first, and on a device of few cores the client's
   * making would slow its read), and the request is made once the client is.
   */
  public <T> CompletableFuture<T> enqueueAfter(Consumer<Runnable> makeClientAfter, Supplier<Request> request,
      BodyReader<T> reader, Executor executor) {
    CompletableFuture<T> future = new CompletableFuture<>();
    if (!client.isStarted()) makeClientAfter.accept(client::make);
    client.whenMade(http -> {
      Request made;
      try {
        made = request.get();
      } catch (RuntimeException e) {
        complete(future, null, e, executor);
        return;
      }
      start(http, made, reader, executor, future);
    }, error -> failedToMake(future, "a request", error, executor));
    return future;
  }

  private static <T> void failedToMake(CompletableFuture<T> future, String request, Throwable error,
      Executor executor) {
    complete(future, null, SdkExceptions.get().network(request + " failed: the HTTP client could not be made: "
        + error.getMessage(), error), executor);
  }

  private <T> void start(OkHttpClient http, Request request, BodyReader<T> reader, Executor executor,
      CompletableFuture<T> future) {
    if (future.isDone()) return; // cancelled before the client was made
    Call call = http.newCall(request);
    calls.track(call);
    future.whenComplete((value, error) -> {
      if (future.isCancelled()) call.cancel();
    });
    call.enqueue(new Callback() {
      @Override public void onFailure(Call c, IOException e) {
        calls.untrack(c);
        complete(future, null, SdkExceptions.get().network(describe(request) + " failed: " + e.getMessage(), e),
            executor);
      }

      @Override public void onResponse(Call c, Response response) {
        calls.untrack(c);
        try (Response r = response) {
          complete(future, readResponse(r, reader), null, executor);
        } catch (ChatbotException e) {
          complete(future, null, e, executor);
        } catch (RuntimeException | StackOverflowError e) {
          // Whatever the body held, nothing escapes onto OkHttp's thread and the future completes.
          complete(future, null, unreadable(response, e), executor);
        } catch (IOException e) {
          complete(future, null, SdkExceptions.get().network(describe(request) + " failed: " + e.getMessage(), e),
              executor);
        }
      }
    });
  }

  private static <T> void complete(CompletableFuture<T> future, @Nullable T value, @Nullable Throwable error,
      Executor executor) {
    Runnable completion = () -> {
      if (error != null) future.completeExceptionally(error); else future.complete(value);
    };
    try {
      executor.execute(completion);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      completion.run();
    }
  }

  private <T> T readResponse(Response response, BodyReader<T> reader) throws IOException {
    if (!response.isSuccessful()) throw HttpErrors.forResponse(response);
    ResponseBody body = response.body();
    try {
      return reader.read(limited(body));
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException
        | com.squareup.moshi.JsonDataException | com.squareup.moshi.JsonEncodingException e) {
      throw unreadable(response, e);
    }
  }

  private static MalformedResponseException unreadable(Response response, Throwable e) {
    return SdkExceptions.get().malformed(describe(response.request()) + " answered with an unreadable body: "
        + e.getMessage(), response.code(), e);
  }

  /** {@code body}, failing with a {@link MalformedResponseException} once more than the limit was read from it. */
  private ResponseBody limited(ResponseBody body) {
    ForwardingSource counting = new ForwardingSource(body.source()) {
      private long total;

      @Override public long read(Buffer sink, long byteCount) throws IOException {
        long read = super.read(sink, byteCount);
        if (read > 0) total += read;
        if (total > maxResponseBytes) {
          throw SdkExceptions.get().malformed("answer larger than " + maxResponseBytes + " bytes", 0, null);
        }
        return read;
      }
    };
    return ResponseBody.create(Okio.buffer(counting), body.contentType(), body.contentLength());
  }

  static String describe(Request request) {
    return request.method() + " " + request.url().encodedPath();
  }

  /** A request body OkHttp will not transmit twice. */
  private static final class OneShotBody extends RequestBody {
    // Here, not in BackendApi: MediaType's parse loads Kotlin's regular expressions, which nothing before the
    // first send needs (benchmark 3).
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final byte[] bytes;

    OneShotBody(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override public MediaType contentType() {
      return JSON;
    }

    @Override public long contentLength() {
      return bytes.length;
    }

    @Override public boolean isOneShot() {
      return true;
    }

    @Override public void writeTo(BufferedSink sink) throws IOException {
      sink.write(bytes);
    }
  }
}
