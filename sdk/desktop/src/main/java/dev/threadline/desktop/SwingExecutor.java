package dev.threadline.desktop;

import java.awt.EventQueue;
import java.util.concurrent.Executor;

/**
 * Runs tasks on the Swing (AWT) event thread, in the order they were given: the callback executor a Swing
 * app passes to {@code ChatbotClient.Builder.callbackExecutor}, so observers and futures can touch
 * components.
 *
 * <pre>{@code
 * ChatbotClient client = ChatbotClient.builder()...callbackExecutor(SwingExecutor.INSTANCE).build();
 * }</pre>
 *
 * <p>A task is always queued ({@link EventQueue#invokeLater}), even when {@code execute} is called on the
 * event thread, so a callback never runs inside the call that caused it. Works in headless mode too (the
 * event thread exists without a display). Thread-safe; stateless.
 */
public final class SwingExecutor implements Executor {
  /** The one instance: the event thread is one per JVM. */
  public static final SwingExecutor INSTANCE = new SwingExecutor();

  private SwingExecutor() {}

  /** Queues {@code task} on the event thread. */
  @Override public void execute(Runnable task) {
    EventQueue.invokeLater(task);
  }

  @Override public String toString() {
    return "SwingExecutor";
  }
}
