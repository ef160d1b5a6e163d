package dev.threadline.coroutines;

import static dev.threadline.coroutines.Coroutines.cancelAndJoin;
import static dev.threadline.coroutines.Coroutines.collectInto;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.NotFoundException;
import dev.threadline.Subscription;
import dev.threadline.coroutines.internal.ObserverFlow;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kotlin.Unit;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.CoroutineScope;
import kotlinx.coroutines.CoroutineScopeKt;
import kotlinx.coroutines.Dispatchers;
import kotlinx.coroutines.Job;
import kotlinx.coroutines.flow.FlowKt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cold flow's contract with a fake source: a subscription per collection, closed however it ends. */
class ObserverFlowTest {
  final CoroutineScope scope = CoroutineScopeKt.CoroutineScope(Dispatchers.getDefault());
  final List<FakeSubscription> subscriptions = new CopyOnWriteArrayList<>();
  final List<ObserverFlow.Sink<String>> sinks = new CopyOnWriteArrayList<>();
  final ObserverFlow<String> flow = new ObserverFlow<>(sink -> {
    sinks.add(sink);
    FakeSubscription subscription = new FakeSubscription();
    subscriptions.add(subscription);
    return subscription;
  });

  @AfterEach void cancelScope() {
    CoroutineScopeKt.cancel(scope, null);
  }

  @Test void collectingRegistersAndCancellingCloses() throws Exception {
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    Job job = collectInto(scope, flow, seen);
    awaitSinks(1);
    sinks.get(0).offer("cached");
    assertEquals("cached", seen.poll(5, TimeUnit.SECONDS));
    sinks.get(0).offer("live");
    assertEquals("live", seen.poll(5, TimeUnit.SECONDS));
    assertEquals(0, subscriptions.get(0).closes.get());

    cancelAndJoin(job);

    assertEquals(1, subscriptions.get(0).closes.get());
    sinks.get(0).offer("after cancel");
    assertEquals(null, seen.poll(200, TimeUnit.MILLISECONDS));
  }

  @Test void eachCollectionHasItsOwnSubscription() throws Exception {
    Job first = collectInto(scope, flow, new LinkedBlockingQueue<>());
    Job second = collectInto(scope, flow, new LinkedBlockingQueue<>());
    awaitSinks(2);
    cancelAndJoin(first);
    assertEquals(1, subscriptions.stream().filter(s -> s.closes.get() == 1).count());
    cancelAndJoin(second);
    assertTrue(subscriptions.stream().allMatch(s -> s.closes.get() == 1));
  }

  @Test void aFailureEndsTheCollectionWithItsErrorAndCloses() throws Exception {
    NotFoundException gone = new NotFoundException("thread was deleted", 404, null, null);
    Throwable thrown = runCatching(() -> {
      Thread feeder = new Thread(() -> {
        awaitSinksQuietly(1);
        sinks.get(0).offer("state");
        sinks.get(0).fail(gone);
      });
      feeder.start();
      return BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE,
          (s, continuation) -> flow.collect((value, c) -> Unit.INSTANCE, continuation));
    });
    assertSame(gone, thrown);
    assertEquals(1, subscriptions.get(0).closes.get());
  }

  @Test void aThrowingCollectorCloses() throws Exception {
    IllegalStateException boom = new IllegalStateException("collector failed");
    Throwable thrown = runCatching(() -> {
      Thread feeder = new Thread(() -> {
        awaitSinksQuietly(1);
        sinks.get(0).offer("state");
      });
      feeder.start();
      return BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE,
          (s, continuation) -> flow.collect((value, c) -> {
            throw boom;
          }, continuation));
    });
    assertSame(boom, thrown);
    assertEquals(1, subscriptions.get(0).closes.get());
  }

  @Test void anOperatorThatStopsEarlyCloses() throws Exception {
    Thread feeder = new Thread(() -> {
      awaitSinksQuietly(1);
      sinks.get(0).offer("first");
    });
    feeder.start();
    Object first = BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE,
        (s, continuation) -> FlowKt.first(flow, continuation));
    assertEquals("first", first);
    assertEquals(1, subscriptions.get(0).closes.get());
  }

  @Test void aThousandCollectionsLeaveNoSubscriptionOpenAndNoThread() throws Exception {
    int threadsBefore = Thread.activeCount();
    for (int i = 0; i < 1000; i++) {
      int registered = sinks.size();
      Job job = collectInto(scope, flow, new LinkedBlockingQueue<>());
      if (i % 2 == 0) awaitSinks(registered + 1);   // odd ones are cancelled before they may even start
      cancelAndJoin(job);
    }
    long open = subscriptions.stream().filter(s -> s.closes.get() != 1).count();
    assertEquals(0, open, "subscriptions not closed exactly once");
    assertTrue(Thread.activeCount() <= threadsBefore + Runtime.getRuntime().availableProcessors() + 2,
        "threads grew from " + threadsBefore + " to " + Thread.activeCount());
  }

  private void awaitSinks(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (sinks.size() < count) {
      if (System.nanoTime() > deadline) throw new AssertionError("collection did not register");
      Thread.sleep(1);
    }
  }

  private void awaitSinksQuietly(int count) {
    try {
      awaitSinks(count);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Throwable runCatching(java.util.concurrent.Callable<?> body) {
    try {
      body.call();
      throw new AssertionError("expected a failure");
    } catch (Throwable t) {
      return t;
    }
  }

  /** Counts its closes. */
  static final class FakeSubscription implements Subscription {
    final AtomicInteger closes = new AtomicInteger();

    @Override public void close() {
      closes.incrementAndGet();
    }
  }
}
