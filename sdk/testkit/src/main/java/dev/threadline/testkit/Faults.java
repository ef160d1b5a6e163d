package dev.threadline.testkit;

import dev.threadline.testkit.internal.FaultPlan;
import java.util.Arrays;
import java.util.Objects;

/**
 * Injects faults into a {@link FakeChatbotServer}: per next stream, or per next matching request. Reach it
 * with {@link FakeChatbotServer#faults()}. Thread-safe; plans are used in the order they were added.
 *
 * <pre>{@code
 * server.faults().nextStreams(1, Fault.resetAfterEvents(3));
 * server.faults().nextRequests("POST", "/api/chatbot/start/stream", 2, Fault.status(503, 1));
 * }</pre>
 */
public final class Faults {
  private final FaultPlan plan;

  Faults(FaultPlan plan) {
    this.plan = plan;
  }

  /**
   * Applies {@code faults} (all of them together) to each of the next {@code count} streams: responses of
   * {@code POST /api/chatbot/start/stream} and of the resumable {@code GET /api/chatbot/{id}/stream}.
   * A {@link Fault#status(int)} here refuses the stream request before it is processed.
   *
   * @return this, for chaining
   */
  public Faults nextStreams(int count, Fault... faults) {
    if (count < 1) throw new IllegalArgumentException("count < 1: " + count);
    if (faults.length == 0) throw new IllegalArgumentException("no faults");
    plan.addStreamFaults(count, Arrays.asList(faults.clone()));
    return this;
  }

  /**
   * Applies {@code fault} to each of the next {@code count} requests with {@code method} and
   * {@code path}. {@code path} is the URL path without query, e.g. {@code /api/chatbot/start/stream};
   * a segment {@code *} matches any one segment, as in <code>/api/chatbot/&#42;/stop</code>. Only
   * {@link Fault#status(int, long)} and {@link Fault#slowFirstByte} apply to requests; stream faults
   * belong in {@link #nextStreams(int, Fault...)}.
   *
   * @return this, for chaining
   * @throws IllegalArgumentException for a stream-only fault
   */
  public Faults nextRequests(String method, String path, int count, Fault fault) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    if (count < 1) throw new IllegalArgumentException("count < 1: " + count);
    if (!fault.appliesToAnyRequest()) {
      throw new IllegalArgumentException(fault + " applies to streams only: use nextStreams");
    }
    plan.addRequestFault(method, path, count, fault);
    return this;
  }

  /** Forgets all planned faults and queued replays that have not been used yet. */
  public void clear() {
    plan.clear();
  }
}
