package dev.threadline.testkit.internal;

import dev.threadline.testkit.ResumeMode;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A live SSE body: the snapshot (plain protocol) or the event backlog (resumable variants), then the
 * workflow's events as they happen, keepalive comments when idle, and the end: a clean close when the round
 * ends (with the variant's end marker), when the stream's time limit runs out, or when a fault says so.
 * Mirrors the backend's {@code event_stream()} generator; faults are applied as events go out.
 */
final class StreamBody implements MockResponseBody {
  /** Thrown inside {@link #writeTo} to end the body cleanly early. */
  private static final class CleanEnd extends Exception {
    CleanEnd() {
      super(null, null, false, false);
    }
  }

  private final ServerCore core;
  private final StoredThread thread;
  private final Subscription subscription;
  private final ResumeMode mode;
  private final boolean continuing;
  private final StreamFaults faults;
  private final Runnable afterSnapshot;
  private int sent;
  /** The sequence id of an item this stream already wrote out of turn (a fault), to skip when it comes. */
  private int writtenOutOfTurn = -1;
  private JsonText.Num lastCreatedAt;

  /**
   * @param continuing for the plain protocol: whether the request continued an existing thread (then a
   *     snapshot of a thread past round 1 holds only the current round's items)
   * @param afterSnapshot run once the snapshot is out (or the stream ended early): releases the round
   */
  StreamBody(ServerCore core, StoredThread thread, Subscription subscription, ResumeMode mode,
      boolean continuing, StreamFaults faults, Runnable afterSnapshot) {
    this.core = core;
    this.thread = thread;
    this.subscription = subscription;
    this.mode = mode;
    this.continuing = continuing;
    this.faults = faults;
    this.afterSnapshot = afterSnapshot;
  }

  @Override public long getContentLength() {
    return -1;
  }

  @Override public void writeTo(BufferedSink sink) throws IOException {
    ChunkedWriter out = new ChunkedWriter(sink);
    Socket socket = SocketTracker.current();
    core.activity.streamOpened();
    try {
      afterEvent(out, socket);
      if (mode == ResumeMode.NONE) {
        for (StoredItem item : core.repository.snapshot(thread, continuing)) emit(out, socket, 0, item);
      }
      afterSnapshot.run();
      streamLive(out, socket);
      out.finish();
    } catch (CleanEnd end) {
      out.finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      afterSnapshot.run();
      core.repository.unsubscribe(thread, subscription);
      core.activity.streamClosed();
    }
  }

  private void streamLive(ChunkedWriter out, Socket socket) throws IOException, InterruptedException, CleanEnd {
    Duration limit = faults.timeLimit != null ? faults.timeLimit : core.streamLimit;
    long keepaliveNanos = core.keepalive.toNanos();
    long deadline = System.nanoTime() + limit.toNanos();
    long lastActivity = System.nanoTime();
    while (true) {
      long now = System.nanoTime();
      if (now - deadline >= 0) return;
      long wait = Math.min(deadline - now, lastActivity + keepaliveNanos - now);
      StreamEvent event = subscription.poll(wait);
      if (event == null) {
        now = System.nanoTime();
        if (now - deadline >= 0) return;
        if (now - lastActivity >= keepaliveNanos) {
          out.write(SseFormat.KEEPALIVE);
          lastActivity = now;
        }
        continue;
      }
      if (event.isEnd()) {
        String end = event.endStatus().equals("closed") ? null : SseFormat.end(mode, thread.id, event.endStatus());
        if (end != null) out.write(end);
        return;
      }
      if (event.id() != writtenOutOfTurn) emit(out, socket, event.id(), event.item());
      lastActivity = System.nanoTime();
    }
  }

  private void emit(ChunkedWriter out, Socket socket, int id, StoredItem item)
      throws IOException, InterruptedException, CleanEnd {
    String event = SseFormat.item(mode, id, item);
    lastCreatedAt = item.createdAt();
    out.write(event);
    if (faults.duplicate) out.write(event);
    sent++;
    afterEvent(out, socket);
  }

  /** Applies the faults planned after the {@code sent}-th event. */
  private void afterEvent(ChunkedWriter out, Socket socket) throws IOException, InterruptedException, CleanEnd {
    if (sent == faults.malformedAt) out.write(SseFormat.MALFORMED);
    if (sent == faults.unknownTypeAt) {
      // Written here, right after the n-th event, so its position does not race the assistant's steps.
      JsonText.Num after = lastCreatedAt != null ? lastCreatedAt : core.repository.with(thread, t -> t.lastActivity);
      StreamEvent injected = core.simulator.addUnknownItem(thread, after, sent);
      writtenOutOfTurn = injected.id();
      out.write(SseFormat.item(mode, injected.id(), injected.item()));
    }
    if (sent == faults.resetAt) {
      out.flush();
      SocketTracker.reset(socket);
      throw new IOException("fault: connection reset after " + sent + " events");
    }
    if (sent == faults.cleanCloseAt) throw new CleanEnd();
    if (sent == faults.stallAt) {
      out.flush();
      core.closing.await(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
      throw new IOException("fault: stalled stream released by server shutdown");
    }
  }
}
