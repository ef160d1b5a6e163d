package dev.threadline.testkit.internal;

import dev.threadline.testkit.ReceivedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every request the server answered, in order. Thread-safe. */
public final class RequestLog {
  private final List<ReceivedRequest> requests = new CopyOnWriteArrayList<>();

  void add(ReceivedRequest request) {
    requests.add(request);
  }

  /** A copy of all records so far. */
  public List<ReceivedRequest> all() {
    return new ArrayList<>(requests);
  }

  /** How many requests had {@code method} and exactly {@code path}. */
  public int count(String method, String path) {
    int count = 0;
    for (ReceivedRequest request : requests) {
      if (request.method().equalsIgnoreCase(method) && request.path().equals(path)) count++;
    }
    return count;
  }

  /** Forgets all records. */
  public void clear() {
    requests.clear();
  }
}
