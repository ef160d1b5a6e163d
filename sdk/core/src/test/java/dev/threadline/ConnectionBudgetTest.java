package dev.threadline;

import static dev.threadline.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streams are long calls: they must not take the short calls' budget (the SDK's or the app's), the app's
 * call timeout must not cut them, and a closed client must leave no connection or thread of its own.
 */
class ConnectionBudgetTest {
  private final MockWebServer server = new MockWebServer();
  private final List<ChatbotClient> clients = new ArrayList<>();

  @BeforeEach void setUp() throws IOException {
    server.start();
  }

  @AfterEach void tearDown() {
    for (ChatbotClient client : clients) client.close();
    server.close();
  }

  private ChatbotClient client(ChatbotClient.Builder builder) {
    ChatbotClient client = builder.baseUrl(server.url("/")).build();
    clients.add(client);
    return client;
  }

  private static String item(int n) {
    return "{\"type\": \"message\", \"createdAt\": 1737331539." + n + ", \"item\": {\"id\": \"msg_" + n
        + "\", \"workflowId\": \"wf_" + n + "\", \"role\": \"user\", \"message\": \"Prompt " + n
        + "\", \"roundNumber\": 1}}";
  }

  private static String workflow(int n) {
    return "{\"id\": \"wf_" + n + "\", \"name\": \"Prompt " + n + "\", \"status\": \"completed\", \"currentRound\": 1, "
        + "\"workflowMode\": \"Chatbot\", \"startedAt\": 1737331539.0, \"lastActivity\": 1737331542.0}";
  }

  /** A stream of one item, held open until {@code release}. */
  private static MockResponse heldStream(String item, CountDownLatch release) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
        .body(new MockResponseBody() {
          @Override public long getContentLength() {
            return -1;
          }

          @Override public void writeTo(BufferedSink sink) throws IOException {
            sink.writeUtf8("data: " + item + "\n\n").flush();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        })
        .removeHeader("Content-Length").setHeader("Connection", "close")
        .onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build();
  }

  @Test void tenStreamsAtOnceLeaveRoomForTheListAReReadAndTheAppsOwnCalls() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger streams = new AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        String target = request.getTarget();
        if (request.getMethod().equals("POST")) {
          int n = Integer.parseInt(request.getBody().utf8().replaceAll(".*Prompt (\\d+).*", "$1"));
          streams.incrementAndGet();
          return heldStream(item(n), release);
        }
        if (target.startsWith("/api/chatbot/threads?workflowId=wf_")) {
          int n = Integer.parseInt(target.substring(target.indexOf("wf_") + 3));
          return json(200, "{\"workflow\": " + workflow(n) + ", \"chatData\": {\"items\": [" + item(n) + "]}}");
        }
        if (target.startsWith("/api/chatbot/threads")) {
          return json(200, "{\"items\": [" + workflow(1) + "], \"pagination\": {\"currentPage\": 1, \"pageSize\": 50, "
              + "\"totalItems\": 1, \"totalPages\": 1}}");
        }
        return json(200, "{}");
      }
    });
    // The app's client, with OkHttp's default budget of five calls per host.
    OkHttpClient app = new OkHttpClient();
    ChatbotClient client = client(ChatbotClient.builder().okHttpClient(app));
    List<SendCall> sends = new ArrayList<>();
    List<RecordingObserver> observers = new ArrayList<>();
    for (int n = 1; n <= 10; n++) {
      SendCall call = client.send(UserInput.of("Prompt " + n));
      RecordingObserver observer = new RecordingObserver();
      call.observe(observer);
      sends.add(call);
      observers.add(observer);
    }
    for (RecordingObserver observer : observers) {
      observer.await(state -> state.connection().kind() == ConnectionState.Kind.STREAMING && !state.items().isEmpty()
          && !state.items().get(0).isPending());
    }
    assertEquals(10, streams.get());

    // All ten stream at once; the short calls still go through.
    RecordingList list = new RecordingList();
    client.observeThreads(list);
    list.awaitFromServer();
    assertEquals("wf_1", client.getThreadAsync("wf_1").get(10, TimeUnit.SECONDS).workflow().id());
    assertEquals(1, client.listThreadsAsync(PageRequest.firstPage(10)).get(10, TimeUnit.SECONDS).threads().size());
    CountDownLatch appCall = new CountDownLatch(1);
    app.newCall(new Request.Builder().url(server.url("/app/own")).build()).enqueue(new Callback() {
      @Override public void onFailure(Call call, IOException e) {}

      @Override public void onResponse(Call call, Response response) {
        response.close();
        appCall.countDown();
      }
    });
    assertTrue(appCall.await(10, TimeUnit.SECONDS), "the app's own call waited for the streams");

    release.countDown();
    for (SendCall call : sends) {
      assertEquals(ConnectionState.Kind.COMPLETED, call.result().get(10, TimeUnit.SECONDS).connection().kind());
    }
  }

  @Test void theAppsCallTimeoutDoesNotCutAStream() throws Exception {
    String first = item(1);
    String second = item(1).replace("msg_1", "msg_2").replace("1737331539.1", "1737331540.1");
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
        .body(new MockResponseBody() {
          @Override public long getContentLength() {
            return -1;
          }

          @Override public void writeTo(BufferedSink sink) throws IOException {
            sink.writeUtf8("data: " + first + "\n\n").flush();
            try {
              Thread.sleep(1_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            sink.writeUtf8("data: " + second + "\n\n").flush();
          }
        })
        .removeHeader("Content-Length").setHeader("Connection", "close")
        .onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build());
    server.enqueue(json(200, "{\"workflow\": " + workflow(1) + ", \"chatData\": {\"items\": [" + first + ", "
        + second + "]}}"));
    ChatbotClient client = client(ChatbotClient.builder()
        .okHttpClient(new OkHttpClient.Builder().callTimeout(Duration.ofMillis(200)).build()));
    RecordingObserver observer = new RecordingObserver();
    SendCall call = client.send(UserInput.of("Prompt 1"));
    call.observe(observer);

    ThreadState done = call.result().get(10, TimeUnit.SECONDS);

    assertEquals(2, done.items().size());
    // Both items came on the one stream: the re-read found them there, and nothing was interrupted.
    assertEquals(2, client.stats().duplicatesAbsorbed());
    assertEquals(1, client.stats().streamsOpened());
    assertTrue(observer.errors.isEmpty(), observer.errors.toString());
  }

  @Test void closingClientsThatOwnTheirHttpClientClosesTheirConnectionsAndThreads() throws Exception {
    try (CountingServer counting = new CountingServer()) {
      int dispatchersBefore = Threads.named("OkHttp Dispatcher").size();
      for (int i = 0; i < 50; i++) {
        ChatbotClient client = ChatbotClient.builder().baseUrl(counting.url()).build();
        client.getThreadAsync("wf_1").get(10, TimeUnit.SECONDS);
        client.close();
      }
      counting.awaitOpenAtMost(0);
      Threads.awaitAtMost("OkHttp Dispatcher", dispatchersBefore, Duration.ofSeconds(10));
      assertEquals(50, counting.accepted.get());
    }
  }

  @Test void closingAClientLeavesTheAppsSharedPoolAlone() throws Exception {
    try (CountingServer counting = new CountingServer()) {
      OkHttpClient app = new OkHttpClient();
      ChatbotClient first = ChatbotClient.builder().baseUrl(counting.url()).okHttpClient(app).build();
      first.getThread("wf_1");
      first.close();
      ChatbotClient second = ChatbotClient.builder().baseUrl(counting.url()).okHttpClient(app).build();
      second.getThreadAsync("wf_1").get(10, TimeUnit.SECONDS);
      second.close();

      assertEquals(1, app.connectionPool().connectionCount());
      assertEquals(1, counting.open.get());
      assertEquals(1, counting.accepted.get(), "the second client reused the app's connection");
      app.connectionPool().evictAll();
      app.dispatcher().executorService().shutdown();
      counting.awaitOpenAtMost(0);
    }
  }

  @Test void aVariantOfAClientKeepsTheSharedHttpClientUntilItIsClosedToo() throws Exception {
    try (CountingServer counting = new CountingServer()) {
      ChatbotClient original = ChatbotClient.builder().baseUrl(counting.url()).build();
      ChatbotClient variant = original.newBuilder().build();
      original.getThread("wf_1");
      original.close();

      assertEquals("wf_1", variant.getThreadAsync("wf_1").get(10, TimeUnit.SECONDS).workflow().id());
      assertEquals(1, counting.accepted.get());
      variant.close();
      counting.awaitOpenAtMost(0);
    }
  }

  /** The thread list as observed. */
  private static final class RecordingList implements ThreadListObserver {
    private final CountDownLatch fromServer = new CountDownLatch(1);

    @Override public void onChanged(ThreadListState state) {
      if (!state.isFromCache()) fromServer.countDown();
    }

    @Override public void onError(ChatbotException error) {}

    void awaitFromServer() throws InterruptedException {
      assertTrue(fromServer.await(10, TimeUnit.SECONDS), "the list never refreshed");
    }
  }

  /**
   * A minimal HTTP/1.1 server answering every request with one thread, keeping connections alive, and
   * counting the connections clients still hold open.
   */
  private static final class CountingServer implements AutoCloseable {
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    private final ServerSocket socket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    private final Thread acceptor = new Thread(this::acceptAll, "counting-server");

    CountingServer() throws IOException {
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    private void acceptAll() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          accepted.incrementAndGet();
          open.incrementAndGet();
          Thread serving = new Thread(() -> serve(connection), "counting-connection");
          serving.setDaemon(true);
          serving.start();
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void serve(Socket connection) {
      byte[] body = ("{\"workflow\": " + workflow(1) + ", \"chatData\": {\"items\": [" + item(1) + "]}}")
          .getBytes(StandardCharsets.UTF_8);
      try (Socket s = connection) {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = s.getOutputStream();
        String line;
        while ((line = in.readLine()) != null) {
          if (!line.isEmpty()) continue;
          out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
              + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.write(body);
          out.flush();
        }
      } catch (IOException e) {
        // The client reset the connection: it is closed as well.
      } finally {
        open.decrementAndGet();
      }
    }

    void awaitOpenAtMost(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (open.get() > count) {
        if (System.nanoTime() > deadline) throw new AssertionError(open.get() + " connections still open");
        Thread.sleep(20);
      }
    }

    @Override public void close() throws IOException {
      socket.close();
    }
  }
}
