package dev.threadline.android;

import android.app.Activity;
import android.app.Application;
import android.os.Bundle;
import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotException;
import dev.threadline.Subscription;
import dev.threadline.ThreadListObserver;
import dev.threadline.ThreadListState;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadState;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Observers bound to an activity's lifecycle: closed when the activity is destroyed (also when it is
 * destroyed to be recreated, e.g. on rotation: the new instance observes again and gets the client's
 * current state at once), and optionally paused while it is stopped.
 *
 * <pre>{@code
 * // In onCreate:
 * ActivityBinding.observeThread(this, client, workflowId, this::render, ActivityBinding.WhileStopped.PAUSE);
 * }</pre>
 *
 * <p>Framework classes only (API 23+, no AndroidX). With AndroidX, the same is a
 * {@code LifecycleEventObserver} that closes the subscription on {@code ON_DESTROY}, or
 * {@code threadline-kotlin}'s {@code threadStateIn} with {@code repeatOnLifecycle}. Call on the main thread;
 * the observer is called on the client's callback executor (use {@link MainThreadExecutor}).
 */
public final class ActivityBinding {
  /** What happens to states that arrive while the activity is stopped. */
  public enum WhileStopped {
    /** Deliver them as they come. */
    DELIVER,
    /**
     * Hold them, and deliver only the latest when the activity starts again (or nothing, if nothing
     * changed). Errors are delivered as they come.
     */
    PAUSE
  }

  private ActivityBinding() {}

  /**
   * Observes thread {@code workflowId} with {@link ChatbotClient#observeThread} until {@code activity} is
   * destroyed (or the returned subscription is closed).
   */
  public static Subscription observeThread(Activity activity, ChatbotClient client, String workflowId,
      ThreadObserver observer, WhileStopped whileStopped) {
    Objects.requireNonNull(observer, "observer");
    Gate<ThreadState> gate = new Gate<>(observer::onChanged, whileStopped, ThreadState::withChangesSince);
    Subscription subscription = client.observeThread(workflowId, new ThreadObserver() {
      @Override public void onChanged(ThreadState state) {
        gate.offer(state);
      }

      @Override public void onError(ChatbotException error) {
        if (!gate.closed) observer.onError(error);
      }
    });
    return bind(activity, subscription, gate);
  }

  /**
   * Observes the thread list with {@link ChatbotClient#observeThreads} until {@code activity} is destroyed
   * (or the returned subscription is closed).
   */
  public static Subscription observeThreads(Activity activity, ChatbotClient client, ThreadListObserver observer,
      WhileStopped whileStopped) {
    Objects.requireNonNull(observer, "observer");
    Gate<ThreadListState> gate = new Gate<>(observer::onChanged, whileStopped, ThreadListState::withChangesSince);
    Subscription subscription = client.observeThreads(new ThreadListObserver() {
      @Override public void onChanged(ThreadListState state) {
        gate.offer(state);
      }

      @Override public void onError(ChatbotException error) {
        if (!gate.closed) observer.onError(error);
      }
    });
    return bind(activity, subscription, gate);
  }

  /**
   * Closes {@code subscription} (any of the SDK's, e.g. from {@code SendCall.observe}) when
   * {@code activity} is destroyed. Returns a subscription that closes both early.
   */
  public static Subscription closeOnDestroy(Activity activity, Subscription subscription) {
    return bind(activity, subscription, new Gate<Object>(state -> { }, WhileStopped.DELIVER, (state, previous) -> state));
  }

  private static <S> Subscription bind(Activity activity, Subscription subscription, Gate<S> gate) {
    Application application = activity.getApplication();
    Binding<S> binding = new Binding<>(activity, application, subscription, gate);
    application.registerActivityLifecycleCallbacks(binding);
    if (activity.isDestroyed()) binding.close();
    return binding;
  }

  /**
   * Passes states through, or holds the latest while the activity is stopped. A held state is passed on
   * carrying the changes since the state passed on before it (the client's changes only span from the
   * state it handed over before, which may be one the gate dropped). Main thread only.
   */
  private static final class Gate<S> {
    private final Consumer<S> target;
    private final WhileStopped whileStopped;
    private final BinaryOperator<S> withChangesSince;
    private boolean stopped;
    private @Nullable S held;
    private @Nullable S passed;
    volatile boolean closed;

    Gate(Consumer<S> target, WhileStopped whileStopped,
        BinaryOperator<S> withChangesSince) {
      this.target = target;
      this.whileStopped = Objects.requireNonNull(whileStopped, "whileStopped");
      this.withChangesSince = withChangesSince;
    }

    void offer(S state) {
      if (closed) return;
      if (stopped && whileStopped == WhileStopped.PAUSE) {
        held = state;
      } else {
        pass(state);
      }
    }

    private void pass(S state) {
      passed = state;
      target.accept(state);
    }

    void stopped() {
      stopped = true;
    }

    void started() {
      stopped = false;
      S state = held;
      held = null;
      if (state != null && !closed) pass(withChangesSince.apply(state, passed));
    }
  }

  /** Follows one activity's lifecycle. */
  private static final class Binding<S> implements Application.ActivityLifecycleCallbacks, Subscription {
    private final Activity activity;
    private final Application application;
    private final Subscription subscription;
    private final Gate<S> gate;

    Binding(Activity activity, Application application, Subscription subscription, Gate<S> gate) {
      this.activity = activity;
      this.application = application;
      this.subscription = subscription;
      this.gate = gate;
    }

    @Override public void close() {
      if (gate.closed) return;
      gate.closed = true;
      subscription.close();
      application.unregisterActivityLifecycleCallbacks(this);
    }

    @Override public void onActivityStarted(Activity a) {
      if (a == activity) gate.started();
    }

    @Override public void onActivityStopped(Activity a) {
      if (a == activity) gate.stopped();
    }

    @Override public void onActivityDestroyed(Activity a) {
      if (a == activity) close();
    }

    @Override public void onActivityCreated(Activity a, @Nullable Bundle savedInstanceState) {}

    @Override public void onActivityResumed(Activity a) {}

    @Override public void onActivityPaused(Activity a) {}

    @Override public void onActivitySaveInstanceState(Activity a, Bundle outState) {}
  }
}
