package dev.threadline.coroutines;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import kotlin.Unit;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.CoroutineScope;
import kotlinx.coroutines.CoroutineStart;
import kotlinx.coroutines.Job;
import kotlinx.coroutines.flow.Flow;

/** What a Kotlin caller writes as {@code scope.launch { flow.collect { out += it } }}, from Java. */
final class Coroutines {
  private Coroutines() {}

  /** Launches a coroutine in {@code scope} that collects {@code flow} into {@code out}. */
  static <T> Job collectInto(CoroutineScope scope, Flow<T> flow, BlockingQueue<? super T> out) {
    return BuildersKt.launch(scope, EmptyCoroutineContext.INSTANCE, CoroutineStart.DEFAULT,
        (coroutineScope, continuation) -> flow.collect((value, c) -> {
          out.add(value);
          return Unit.INSTANCE;
        }, continuation));
  }

  /** Cancels {@code job} and waits until it has completed (its finally blocks have run). */
  static void cancelAndJoin(Job job) throws InterruptedException {
    job.cancel(null);
    BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE, (scope, continuation) -> job.join(continuation));
  }

  /** Takes from {@code queue} until a value matches, failing after 10 s. */
  static <T> T awaitMatching(BlockingQueue<T> queue, Predicate<? super T> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      T value = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (value == null) throw new AssertionError("no matching value within 10 s");
      if (wanted.test(value)) return value;
    }
  }
}
