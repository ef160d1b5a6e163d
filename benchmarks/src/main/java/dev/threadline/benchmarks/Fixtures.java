package dev.threadline.benchmarks;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.Workflow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Recorded streams and threads as the backend writes them (PROTOCOL.md, testkit README "The wire format"):
 * stream events in Python's {@code json.dumps} style ({@code ", "} and {@code ": "}, non-ASCII escaped),
 * {@code createdAt} floats with microsecond fractions as Python prints them, items of 200–600 bytes, and the
 * backend's duplicates. Seeded: the same arguments give the same bytes.
 *
 * <p>A round is: the user message (from the stream's snapshot), the same user message again live (the
 * duplicate quirk: an equal copy), three logs with rising progress, the first log re-sent with higher
 * progress (same id: a replacing copy), a stat, the assistant's answer; and about one item in twenty is
 * sent a second time, unchanged (a late duplicate). So about 8.5 events carry 6 distinct items.
 */
public final class Fixtures {
  /** The workflow id of every generated thread. */
  public static final String WORKFLOW_ID = "wf_5b0e4f0e-8a51-4f0c-9a54-2f1d3c4b5a69";

  private static final String[] WORDS = ("the refund policy covers purchases made within thirty days of delivery "
      + "customers can request a return through the portal and the warehouse team checks every parcel "
      + "before the payment is reversed to the original card invoices show the tax separately while "
      + "shipping costs are refunded only when the item arrived damaged or late according to tracking "
      + "analysing request searching documents ranking passages drafting answer checking sources "
      + "Gr\\u00fc\\u00dfe caf\\u00e9 na\\u00efve").split(" ");

  private Fixtures() {}

  /** A generated stream: its events' data lines, its bytes on the wire, and the thread they make. */
  public static final class Stream {
    /** The {@code data:} payloads, in order. */
    public final List<String> events;
    /** The SSE body: {@code data: …\n\n} per event, with a keepalive comment now and then. */
    public final byte[] bytes;
    /** The distinct items in first-arrival order, each in its last version. */
    public final List<ChatItem> items;

    Stream(List<String> events, byte[] bytes, List<ChatItem> items) {
      this.events = events;
      this.bytes = bytes;
      this.items = items;
    }
  }

  /** A stream of {@code eventCount} events of one thread. */
  public static Stream stream(int eventCount, long seed) {
    Generator generator = new Generator(seed);
    List<String> events = new ArrayList<>(eventCount);
    while (events.size() < eventCount) generator.round(events);
    while (events.size() > eventCount) events.remove(events.size() - 1);
    return build(events);
  }

  /** A stream whose events make exactly {@code itemCount} distinct items. */
  public static Stream streamOfItems(int itemCount, long seed) {
    Generator generator = new Generator(seed);
    List<String> events = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    while (keys.size() < itemCount) {
      List<String> round = new ArrayList<>();
      generator.round(round);
      for (String event : round) {
        String key = ChatItem.fromJson(event).identityKey();
        if (keys.size() >= itemCount && !keys.contains(key)) break;
        keys.add(key);
        events.add(event);
      }
    }
    return build(events);
  }

  /** The thread holding {@code itemCount} distinct items, as a re-read returns it. */
  public static ChatThread thread(int itemCount, long seed) {
    Stream stream = streamOfItems(itemCount, seed);
    return new ChatThread(workflow(stream.items), stream.items);
  }

  /** The thread's workflow, compact JSON as the REST routes write it. */
  public static Workflow workflow(List<ChatItem> items) {
    String last = items.isEmpty() ? "1737331539.0" : items.get(items.size() - 1).createdAt().toString();
    int rounds = 0;
    for (ChatItem item : items) if (item.roundNumber() != null) rounds = Math.max(rounds, item.roundNumber());
    return Workflow.fromJson("{\"id\":\"" + WORKFLOW_ID + "\",\"mandateId\":\"mandate_7f3e\",\"status\":\"running\","
        + "\"name\":\"What is our refund policy?\",\"currentRound\":" + Math.max(rounds, 1) + ",\"currentTask\":0,"
        + "\"currentAction\":0,\"totalTasks\":0,\"totalActions\":0,\"lastActivity\":" + last
        + ",\"startedAt\":1737331539.012349,\"workflowMode\":\"Chatbot\",\"maxSteps\":10}");
  }

  /** The SSE body of {@code events}. */
  public static byte[] sse(List<String> events) {
    StringBuilder body = new StringBuilder(events.size() * 420);
    int i = 0;
    for (String event : events) {
      body.append("data: ").append(event).append("\n\n");
      if (++i % 500 == 0) body.append(": keepalive\n\n");
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Stream build(List<String> events) {
    Map<String, ChatItem> items = new LinkedHashMap<>();
    for (String event : events) {
      ChatItem item = ChatItem.fromJson(event);
      items.put(item.identityKey(), item);
    }
    return new Stream(events, sse(events), new ArrayList<>(items.values()));
  }

  /** Writes rounds of one thread. */
  private static final class Generator {
    private final Random random;
    private long micros = 1_737_331_539_012_349L;
    private int round;
    private int sequenceNr;

    Generator(long seed) {
      this.random = new Random(seed);
    }

    void round(List<String> out) {
      round++;
      List<String> sent = new ArrayList<>();
      String user = event("message", next(), "{\"id\": \"msg_" + uuid() + "\", \"workflowId\": \"" + WORKFLOW_ID
          + "\", \"role\": \"user\", \"message\": \"" + text(120, 260) + "\", \"roundNumber\": " + round
          + ", \"sequenceNr\": " + (++sequenceNr) + ", \"status\": \"" + (round == 1 ? "first" : "step")
          + "\", \"documents\": [], \"publishedAt\": " + time(micros) + "}");
      out.add(user);
      out.add(user); // in the snapshot and again live
      String firstLogId = "log_" + uuid();
      String firstLogAt = null;
      for (int i = 0; i < 3; i++) {
        String id = i == 0 ? firstLogId : "log_" + uuid();
        String at = next();
        if (i == 0) firstLogAt = at;
        sent.add(log(id, at, 0.2 + 0.25 * i, text(60, 180)));
      }
      String firstLogText = text(60, 180);
      sent.add(1, log(firstLogId, firstLogAt, 0.35, firstLogText));
      String at = next();
      sent.add(event("stat", at, "{\"id\": \"stat_" + uuid() + "\", \"workflowId\": \"" + WORKFLOW_ID
          + "\", \"roundNumber\": " + round + ", \"processingTime\": " + (1 + random.nextInt(90)) / 10.0
          + ", \"tokenCount\": " + (100 + random.nextInt(2000)) + ", \"bytesSent\": " + random.nextInt(100_000)
          + ", \"bytesReceived\": " + random.nextInt(100_000) + ", \"engine\": \"gpt-4o\"}"));
      at = next();
      sent.add(event("message", at, "{\"id\": \"msg_" + uuid() + "\", \"workflowId\": \"" + WORKFLOW_ID
          + "\", \"role\": \"assistant\", \"message\": \"" + text(280, 460) + "\", \"roundNumber\": " + round
          + ", \"sequenceNr\": " + (++sequenceNr) + ", \"status\": \"last\", \"documents\": []}"));
      for (String event : sent) {
        out.add(event);
        if (random.nextInt(20) == 0) out.add(event); // a late duplicate
      }
    }

    private String log(String id, String at, double progress, String message) {
      return event("log", at, "{\"id\": \"" + id + "\", \"workflowId\": \"" + WORKFLOW_ID + "\", \"message\": \""
          + message + "\", \"type\": \"info\", \"timestamp\": " + at + ", \"status\": \"running\", \"progress\": "
          + Math.round(progress * 100) / 100.0 + ", \"roundNumber\": " + round + "}");
    }

    private static String event(String type, String createdAt, String item) {
      return "{\"type\": \"" + type + "\", \"createdAt\": " + createdAt + ", \"item\": " + item + "}";
    }

    /** The next strictly later createdAt, as Python prints the float. */
    private String next() {
      micros += 1 + random.nextInt(400_000);
      return time(micros);
    }

    private static String time(long micros) {
      String fraction = String.format("%06d", micros % 1_000_000).replaceAll("0+$", "");
      return (micros / 1_000_000) + "." + (fraction.isEmpty() ? "0" : fraction);
    }

    private String uuid() {
      return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String text(int minChars, int maxChars) {
      int target = minChars + random.nextInt(maxChars - minChars + 1);
      StringBuilder text = new StringBuilder(target + 16);
      while (text.length() < target) {
        if (text.length() > 0) text.append(' ');
        text.append(WORDS[random.nextInt(WORDS.length)]);
      }
      return text.toString();
    }
  }
}
