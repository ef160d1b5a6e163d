package dev.threadline.internal;

import org.jspecify.annotations.Nullable;

/**
 * The step a waiting round takes next, and the named timer that takes it (none while the network is gone).
 * Confined to the engine thread.
 */
final class PendingStep {
  private final ThreadEngine engine;
  private final ThreadController owner;
  private @Nullable Runnable step;
  private EngineClock.@Nullable Timer timer;

  PendingStep(ThreadEngine engine, ThreadController owner) {
    this.engine = engine;
    this.owner = owner;
  }

  /** Takes {@code next} after {@code delayMillis}, by a timer named {@code name}, unless replaced first. */
  void after(String name, long delayMillis, Runnable next) {
    cancel();
    step = next;
    timer = engine.schedule(name, owner, () -> {
      if (step != next) return;
      timer = null;
      step = null;
      next.run();
    }, delayMillis);
  }

  /** Holds {@code next} with no timer, until {@link #takeNow()}. */
  void hold(Runnable next) {
    cancel();
    step = next;
  }

  /** Stops the timer; the step waits for {@link #takeNow()}. */
  void pause() {
    if (timer != null) timer.cancel();
    timer = null;
  }

  /** Takes the step now, if there is one. */
  void takeNow() {
    Runnable next = step;
    cancel();
    if (next != null) next.run();
  }

  /** Drops the step and its timer. */
  void cancel() {
    pause();
    step = null;
  }
}
