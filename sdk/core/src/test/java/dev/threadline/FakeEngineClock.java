package dev.threadline;

import dev.threadline.internal.EngineClock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Time that moves only when the test says: {@link #advance} runs the timers that fall due, in order. Timers
 * are set on the engine thread and advanced from the test's, hence the locking.
 */
final class FakeEngineClock implements EngineClock {
  private final List<Pending> pending = new ArrayList<>();
  private long now;
  private long order;

  FakeEngineClock(long startMillis) {
    this.now = startMillis;
  }

  @Override public synchronized long nowMillis() {
    return now;
  }

  @Override public synchronized Timer schedule(String name, long delayMillis, Runnable task) {
    Pending timer = new Pending(name, now + Math.max(0, delayMillis), order++, task);
    pending.add(timer);
    return () -> {
      synchronized (FakeEngineClock.this) {
        pending.remove(timer);
      }
    };
  }

  /**
   * Moves time on by {@code millis}, running each timer due by then at its own time, earliest first, and
   * {@code settle} after each (so that what a timer starts is over before the next one is due).
   */
  void advance(long millis, Runnable settle) {
    long until;
    synchronized (this) {
      until = now + millis;
    }
    while (true) {
      Pending next;
      synchronized (this) {
        next = pending.stream().filter(t -> t.dueMillis <= until)
            .min(Comparator.comparingLong((Pending t) -> t.dueMillis).thenComparingLong(t -> t.order)).orElse(null);
        if (next == null) {
          now = until;
          return;
        }
        pending.remove(next);
        now = Math.max(now, next.dueMillis);
      }
      next.task.run();
      settle.run();
    }
  }

  /** The timers set and not yet run or cancelled, as "name in millis", soonest first. */
  synchronized List<String> timers() {
    List<String> names = new ArrayList<>();
    pending.stream().sorted(Comparator.comparingLong(t -> t.dueMillis))
        .forEach(t -> names.add(t.name + " in " + (t.dueMillis - now)));
    return names;
  }

  private static final class Pending {
    final String name;
    final long dueMillis;
    final long order;
    final Runnable task;

    Pending(String name, long dueMillis, long order, Runnable task) {
      this.name = name;
      this.dueMillis = dueMillis;
      this.order = order;
      this.task = task;
    }
  }
}
