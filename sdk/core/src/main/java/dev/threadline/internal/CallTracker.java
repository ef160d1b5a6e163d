package dev.threadline.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import okhttp3.Call;

/**
 * The calls a client has in flight, so that closing the client cancels exactly its own calls (the app's
 * OkHttpClient may be shared with other code).
 */
public final class CallTracker {
  private final Set<Call> calls = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
  private volatile boolean closed;

  /** Tracks {@code call}; cancels it at once if the client is closed. */
  public void track(Call call) {
    calls.add(call);
    if (closed) call.cancel();
  }

  /** Stops tracking {@code call}. */
  public void untrack(Call call) {
    calls.remove(call);
  }

  /** Cancels every tracked call and every call tracked from now on. Never blocks on I/O. */
  public void cancelAll() {
    closed = true;
    Call[] snapshot;
    synchronized (calls) {
      snapshot = calls.toArray(new Call[0]);
    }
    for (Call call : snapshot) call.cancel();
  }
}
