package dev.threadline.testkit.internal;

import dev.threadline.testkit.Fault;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/** The faults and replays planned for coming streams and requests, used up in order. Thread-safe. */
public final class FaultPlan {
  private static final class Planned<T> {
    final T what;
    int remaining;

    Planned(T what, int remaining) {
      this.what = what;
      this.remaining = remaining;
    }
  }

  private static final class RequestMatch {
    final String method;
    final String[] pathSegments;
    final Fault fault;

    RequestMatch(String method, String path, Fault fault) {
      this.method = method;
      this.pathSegments = path.split("/", -1);
      this.fault = fault;
    }

    boolean matches(String method, String path) {
      if (!this.method.equalsIgnoreCase(method)) return false;
      String[] segments = path.split("/", -1);
      if (segments.length != pathSegments.length) return false;
      for (int i = 0; i < segments.length; i++) {
        if (!pathSegments[i].equals("*") && !pathSegments[i].equals(segments[i])) return false;
      }
      return true;
    }
  }

  private final Deque<Planned<List<Fault>>> streams = new ArrayDeque<>();
  private final List<Planned<RequestMatch>> requests = new ArrayList<>();
  private final Deque<byte[]> replays = new ArrayDeque<>();

  /** Plans {@code faults} for each of the next {@code count} streams. */
  public synchronized void addStreamFaults(int count, List<Fault> faults) {
    streams.addLast(new Planned<>(Collections.unmodifiableList(new ArrayList<>(faults)), count));
  }

  /** Plans {@code fault} for each of the next {@code count} requests matching method and path pattern. */
  public synchronized void addRequestFault(String method, String pathPattern, int count, Fault fault) {
    requests.add(new Planned<>(new RequestMatch(method, pathPattern, fault), count));
  }

  /** Queues a capture to be served as the next stream. */
  public synchronized void addReplay(byte[] capture) {
    replays.addLast(capture.clone());
  }

  /** Takes the faults of the next stream; empty if none are planned. */
  public synchronized List<Fault> takeStreamFaults() {
    Planned<List<Fault>> next = streams.peekFirst();
    if (next == null) return Collections.emptyList();
    if (--next.remaining == 0) streams.removeFirst();
    return next.what;
  }

  /** Takes the first planned fault matching this request, or null. */
  public synchronized Fault takeRequestFault(String method, String path) {
    for (Iterator<Planned<RequestMatch>> it = requests.iterator(); it.hasNext(); ) {
      Planned<RequestMatch> planned = it.next();
      if (planned.what.matches(method, path)) {
        if (--planned.remaining == 0) it.remove();
        return planned.what.fault;
      }
    }
    return null;
  }

  /** Takes the next queued capture, or null. */
  public synchronized byte[] takeReplay() {
    return replays.pollFirst();
  }

  /** Forgets everything planned. */
  public synchronized void clear() {
    streams.clear();
    requests.clear();
    replays.clear();
  }
}
