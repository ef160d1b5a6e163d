package dev.threadline.it;

import static org.junit.jupiter.api.Assertions.fail;

import dev.threadline.ChatbotException;
import dev.threadline.MalformedResponseException;
import dev.threadline.ThreadObserver;
import dev.threadline.ThreadState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records what an observer of one thread receives. */
final class RecordingThread implements ThreadObserver {
  final List<ThreadState> states = new CopyOnWriteArrayList<>();
  final List<ChatbotException> errors = new CopyOnWriteArrayList<>();

  @Override public synchronized void onChanged(ThreadState state) {
    states.add(state);
    notifyAll();
  }

  @Override public synchronized void onError(ChatbotException error) {
    errors.add(error);
    notifyAll();
  }

  synchronized ThreadState await(Predicate<ThreadState> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      for (ThreadState state : states) if (condition.test(state)) return state;
      long left = deadline - System.nanoTime();
      if (left <= 0) fail("no matching state in " + states);
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  synchronized void awaitProtocolWarning() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (errors.stream().noneMatch(error -> error instanceof MalformedResponseException)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) fail("no protocol warning in " + errors);
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }
}
