package dev.threadline;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;

/**
 * The backend of one recovery spec case: a MockWebServer dispatcher whose answers the case's steps queue,
 * route by route, and which logs each request it gets. A stream may be held open for later steps to feed,
 * close or drop; the socket factory can refuse connections, as a server that is down does.
 */
final class ScriptedBackend extends Dispatcher {
  static final String WF = "wf_spec";
  static final String PROMPT = "prompt";

  /** Which queue of replies answers each route. */
  private static final Map<String, String> QUEUE_OF_ROUTE = Map.of("POST start", "post", "GET thread", "get",
      "GET list", "list", "POST stop", "stop", "GET resume", "resume");

  private final Map<String, Deque<Map<String, Object>>> replies = new HashMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<HeldStream> held = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger answering = new AtomicInteger();
  private final boolean eventIds;
  private volatile boolean refusing;

  /** @param eventIds whether stream events carry SSE ids (a resumable backend) */
  ScriptedBackend(boolean eventIds) {
    this.eventIds = eventIds;
  }

  /** Queues {@code reply} for its route: the key that names it ("post", "get", "list", "stop", "resume"). */
  synchronized void queue(Map<String, Object> reply) {
    if (reply.containsKey("refuse")) {
      refusing = Boolean.TRUE.equals(reply.get("refuse"));
      return;
    }
    for (String route : new String[] {"post", "get", "list", "stop", "resume"}) {
      if (reply.containsKey(route)) {
        replies.computeIfAbsent(route, r -> new ArrayDeque<>()).add(reply);
        return;
      }
    }
    throw new IllegalArgumentException("reply for no route: " + reply);
  }

  /** The requests the server got so far, as "POST start", "GET thread", "GET list", "POST stop", "GET resume". */
  List<String> requests() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  /** Whether every request received has its answer written, apart from streams held open. */
  boolean answered() {
    return answering.get() == held.size();
  }

  /** How many streams are held open. */
  int heldStreams() {
    return held.size();
  }

  /** Feeds {@code items} to the stream held open, or ends it ("close", "drop"). */
  void toHeldStream(Object command) {
    synchronized (held) {
      if (held.isEmpty()) throw new IllegalStateException("no stream is held open");
      held.get(held.size() - 1).commands.add(command);
    }
  }

  /** Lets every held stream end, so the server can shut down. */
  void releaseAll() {
    synchronized (held) {
      for (HeldStream stream : held) stream.commands.add("drop");
    }
  }

  @Override public MockResponse dispatch(RecordedRequest request) {
    String route = route(request);
    requests.add(route);
    Map<String, Object> reply;
    synchronized (this) {
      Deque<Map<String, Object>> queued = replies.get(QUEUE_OF_ROUTE.get(route));
      reply = queued == null ? null : queued.poll();
    }
    if (reply == null) return error(500, "unscripted request " + route, null);
    return respond(reply.entrySet().iterator().next().getValue(), reply);
  }

  private static String route(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String method = request.getMethod();
    if (path.endsWith("/start/stream")) return method + " start";
    if (path.endsWith("/threads")) return method + (request.getUrl().queryParameter("workflowId") != null ? " thread" : " list");
    if (path.endsWith("/stop")) return method + " stop";
    if (path.endsWith("/stream")) return method + " resume";
    return method + " " + path;
  }

  private MockResponse respond(Object what, Map<String, Object> reply) {
    if (what instanceof Number) {
      Object retryAfter = reply.get("retryAfter");
      return error(((Number) what).intValue(), "scripted", retryAfter == null ? null : String.valueOf(((Number) retryAfter).intValue()));
    }
    if (reply.containsKey("list")) return json(page(SpecItems.tokens(what)));
    String kind = (String) what;
    if (kind.equals("stream")) {
      return stream(reply.get("retry"), SpecItems.tokens(reply.get("items")), (String) reply.getOrDefault("then", "close"));
    }
    if (reply.containsKey("stop")) return json(SpecItems.workflow(kind, 1));
    int round = reply.containsKey("round") ? ((Number) reply.get("round")).intValue() : 1;
    return json("{\"workflow\": " + SpecItems.workflow(kind, round) + ", \"chatData\": {\"items\": ["
        + String.join(", ", SpecItems.json(SpecItems.tokens(reply.get("items")))) + "]}}");
  }

  private static String page(List<String> ids) {
    List<String> workflows = new ArrayList<>();
    // The thread of the spec is named after its prompt; any other listed thread after another prompt.
    for (String id : ids) {
      String workflow = SpecItems.workflow("running", 1);
      workflows.add(id.equals(WF) ? workflow : workflow.replace(WF, id).replace(PROMPT, "another prompt"));
    }
    return "{\"items\": [" + String.join(", ", workflows) + "], \"pagination\": {\"currentPage\": 1, \"pageSize\": 50, "
        + "\"totalItems\": " + ids.size() + ", \"totalPages\": 1, \"sort\": [], \"filters\": null}}";
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse error(int code, String detail, String retryAfter) {
    MockResponse.Builder response = new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
        .body("{\"detail\": \"" + detail + "\"}");
    if (retryAfter != null) response.setHeader("Retry-After", retryAfter);
    if (code >= 300 && code < 400) response.setHeader("Location", "/elsewhere");
    return response.build();
  }

  private MockResponse stream(Object retryMillis, List<String> items, String then) {
    answering.incrementAndGet();
    BlockingQueue<Object> commands = new LinkedBlockingQueue<>();
    if (retryMillis != null) commands.add(((Number) retryMillis).longValue());
    commands.add(items);
    commands.add(then);
    // Chunked, as the backend streams: the body's end is the last chunk, not the connection's close.
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
        .setHeader("Transfer-Encoding", "chunked").body(new HeldStream(commands)).build();
  }

  /**
   * A stream body that writes what it is told, when it is told: an SSE {@code retry:} (a number), items, then
   * "close" (the server closes it), "end" (an end event, then close), "drop" (the connection breaks) or "hold".
   */
  private final class HeldStream implements MockResponseBody {
    final BlockingQueue<Object> commands;
    private int nextId = 1;

    HeldStream(BlockingQueue<Object> commands) {
      this.commands = commands;
    }

    @Override public long getContentLength() {
      return -1;
    }

    @Override public void writeTo(BufferedSink sink) throws IOException {
      try {
        while (true) {
          Object command = commands.poll(20, TimeUnit.MILLISECONDS);
          if (command == null) {
            // Held open: a keepalive now and then finds out when the client has gone.
            chunk(sink, ": keepalive\n\n");
          } else if (command instanceof Long) {
            chunk(sink, "retry: " + command + "\n\n");
          } else if (command instanceof List) {
            for (Object item : (List<?>) command) {
              String id = eventIds ? "id: " + nextId++ + "\n" : "";
              chunk(sink, id + "data: " + SpecItems.json(Collections.singletonList((String) item)).get(0) + "\n\n");
            }
          } else if (command.equals("hold")) {
            held.add(this);
          } else if (command.equals("close")) {
            sink.writeUtf8("0\r\n").flush();
            return;
          } else if (command.equals("end")) {
            chunk(sink, "event: end\ndata: {}\n\n");
            sink.writeUtf8("0\r\n").flush();
            return;
          } else {
            // A chunk that is not one: the client's read fails mid-stream, as on a broken connection.
            sink.writeUtf8("broken\r\n").flush();
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      } finally {
        held.remove(this);
        answering.decrementAndGet();
      }
    }
  }

  /** Writes {@code text} as one HTTP/1.1 chunk, at once. */
  private static void chunk(BufferedSink sink, String text) throws IOException {
    okio.ByteString bytes = okio.ByteString.encodeUtf8(text);
    sink.writeUtf8(Integer.toHexString(bytes.size())).writeUtf8("\r\n").write(bytes).writeUtf8("\r\n").flush();
  }

  /** Connections that fail as to a server that is down while {@code refuse} is on. */
  SocketFactory socketFactory() {
    return new SocketFactory() {
      @Override public Socket createSocket() {
        return new Socket() {
          @Override public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (refusing) throw new ConnectException("Connection refused (the spec's server is down)");
            super.connect(endpoint, timeout);
          }
        };
      }

      @Override public Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException();
      }

      @Override public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw new UnsupportedOperationException();
      }

      @Override public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException();
      }

      @Override public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
