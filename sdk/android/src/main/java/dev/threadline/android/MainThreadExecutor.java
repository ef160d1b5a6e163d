package dev.threadline.android;

import android.os.Handler;
import android.os.Looper;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks on the Android main thread, in the order they were given: the callback executor an app
 * passes to {@code ChatbotClient.Builder.callbackExecutor}, so observers and futures can touch views.
 *
 * <p>A task is always posted, even when {@code execute} is called on the main thread, so a callback never
 * runs inside the call that caused it. Thread-safe.
 */
public final class MainThreadExecutor implements Executor {
  private final Handler handler = new Handler(Looper.getMainLooper());

  /** An executor for the main looper. */
  public MainThreadExecutor() {}

  /**
   * Posts {@code task} to the main looper.
   *
   * @throws RejectedExecutionException if the looper has quit (the process is going away)
   */
  @Override public void execute(Runnable task) {
    if (!handler.post(task)) throw new RejectedExecutionException("main looper has quit");
  }

  @Override public String toString() {
    return "MainThreadExecutor";
  }
}
