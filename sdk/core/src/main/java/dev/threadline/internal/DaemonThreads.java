package dev.threadline.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SDK's thread pools for OkHttp dispatchers. Their threads are the SDK's own ({@link SdkThreads}): daemons,
 * on which the engine may run its tasks in place.
 */
final class DaemonThreads {
  private DaemonThreads() {}

  /** An unbounded pool like OkHttp's own, whose idle threads end after {@code keepAliveSeconds}. */
  static ExecutorService pool(String namePrefix, long keepAliveSeconds) {
    AtomicInteger threads = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, keepAliveSeconds, TimeUnit.SECONDS, new SynchronousQueue<>(),
        runnable -> SdkThreads.daemon(runnable, namePrefix + threads.incrementAndGet()));
  }
}
