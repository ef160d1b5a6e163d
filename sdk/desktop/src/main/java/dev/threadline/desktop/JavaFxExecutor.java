package dev.threadline.desktop;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javafx.application.Platform;

/**
 * Runs tasks on the JavaFX application thread, in the order they were given: the callback executor a
 * JavaFX app passes to {@code ChatbotClient.Builder.callbackExecutor}, so observers and futures can touch
 * nodes.
 *
 * <pre>{@code
 * ChatbotClient client = ChatbotClient.builder()...callbackExecutor(JavaFxExecutor.INSTANCE).build();
 * }</pre>
 *
 * <p>A task is always queued ({@link Platform#runLater}), even when {@code execute} is called on the
 * application thread, so a callback never runs inside the call that caused it. The app brings JavaFX
 * (17 or later) and starts its toolkit ({@code Application.launch} or {@code Platform.startup}) before the
 * client calls back. Thread-safe; stateless.
 */
public final class JavaFxExecutor implements Executor {
  /** The one instance: the application thread is one per JVM. */
  public static final JavaFxExecutor INSTANCE = new JavaFxExecutor();

  private JavaFxExecutor() {}

  /**
   * Queues {@code task} on the application thread.
   *
   * @throws RejectedExecutionException if the JavaFX toolkit is not running (not started yet)
   */
  @Override public void execute(Runnable task) {
    try {
      Platform.runLater(task);
    } catch (IllegalStateException e) {
      throw new RejectedExecutionException("the JavaFX toolkit is not running: " + e.getMessage(), e);
    }
  }

  @Override public String toString() {
    return "JavaFxExecutor";
  }
}
