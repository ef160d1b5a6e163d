package dev.threadline;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records every state and error an observer receives, and waits for one that matches. */
final class RecordingObserver implements ThreadObserver {
  final List<ThreadState> states = new CopyOnWriteArrayList<>();
  final List<ChatbotException> errors = new CopyOnWriteArrayList<>();
  final List<String> threadNames = new CopyOnWriteArrayList<>();

  @Override public synchronized void onChanged(ThreadState state) {
    states.add(state);
    threadNames.add(Thread.currentThread().getName());
    notifyAll();
  }

  @Override public synchronized void onError(ChatbotException error) {
    errors.add(error);
    threadNames.add(Thread.currentThread().getName());
    notifyAll();
  }

  synchronized ThreadState await(Predicate<ThreadState> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      for (ThreadState state : states) if (condition.test(state)) return state;
      long left = deadline - System.nanoTime();
      if (left <= 0) fail("no matching state in " + states + " errors " + errors);
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  synchronized ThreadState awaitKind(ConnectionState.Kind kind) throws InterruptedException {
    return await(state -> state.connection().kind() == kind);
  }

  synchronized ChatbotException awaitError(Predicate<ChatbotException> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      for (ChatbotException error : errors) if (condition.test(error)) return error;
      long left = deadline - System.nanoTime();
      if (left <= 0) fail("no matching error in " + errors);
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }
}
