package dev.threadline.internal;

/**
 * The threads the SDK starts for itself (its engine's, its streams', its own HTTP client's, its store
 * writer's). Only on these may the engine run its tasks in place ({@link SerialExecutor}): never on a thread
 * of the app's. They are daemons: a client the app never closes must not keep its JVM alive (what is written
 * to the cache is flushed at exit by {@link ExitFlush}).
 */
final class SdkThreads {
  private SdkThreads() {}

  /** A new daemon thread of the SDK's running {@code runnable}, not started. */
  static Thread daemon(Runnable runnable, String name) {
    Thread thread = new SdkThread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Whether the calling thread is one of the SDK's own. */
  static boolean isCurrent() {
    return Thread.currentThread() instanceof SdkThread;
  }

  /** Marks a thread as the SDK's. */
  private static final class SdkThread extends Thread {
    SdkThread(Runnable runnable, String name) {
      super(runnable, name);
    }
  }
}
