package dev.threadline.internal;

/**
 * A client's JVM shutdown hook: when the JVM exits while the client is open (the app returned from
 * {@code main} without {@code close()}, or called {@code System.exit}), or while a closed client's last
 * writes are still going to the store, it waits a bounded time for the cache to hold every change made so
 * far. The SDK's threads are daemons, so this hook is what keeps them from being cut off mid-write.
 *
 * <p>Android never runs shutdown hooks (its processes are killed), so there the cache holds what was written
 * before the kill: the writer's batch delay is the window that can be lost. An app that must not lose it
 * calls {@code ChatbotClient.flushCache} when it goes to the background.
 */
final class ExitFlush {
  /** The longest the hook holds up the JVM's exit. */
  static final long TIMEOUT_MILLIS = 2_000;

  private final Thread hook;

  /** Registers a hook that runs {@code flush} with {@link #TIMEOUT_MILLIS}. */
  ExitFlush(Flush flush) {
    this.hook = new Thread(() -> {
      try {
        flush.awaitWritten(TIMEOUT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "threadline-exit-flush");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Removes the hook (once the client's last write is done), so a closed client is not held by the JVM. */
  void remove() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException exiting) {
      // The JVM is already exiting: the hook runs (or ran) anyway, and finds nothing left to write.
    }
  }

  /** What the hook waits for. */
  interface Flush {
    /** Waits up to {@code timeoutMillis} until everything is written. */
    void awaitWritten(long timeoutMillis) throws InterruptedException;
  }
}
