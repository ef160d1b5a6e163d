package dev.threadline;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The live threads of this JVM, by name. */
final class Threads {
  private Threads() {}

  /** The names of live threads whose name starts with {@code prefix}. */
  static List<String> named(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(name -> name.startsWith(prefix)).collect(Collectors.toList());
  }

  /** Waits until at most {@code count} live threads' names start with {@code prefix}. */
  static void awaitAtMost(String prefix, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (named(prefix).size() > count) {
      if (System.nanoTime() > deadline) fail("threads left: " + named(prefix));
      Thread.sleep(20);
    }
  }

  /** Waits until no live thread's name starts with {@code prefix}. */
  static void awaitNone(String prefix, Duration timeout) throws InterruptedException {
    awaitAtMost(prefix, 0, timeout);
  }
}
