package dev.threadline.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.EventQueue;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The executors without a display: Swing's event thread runs headless; JavaFX's application thread needs
 * a display, so here only its refusal before the toolkit runs (the desktop demo's JavaFX window, driven
 * under Xvfb, runs every client callback through it).
 */
class DesktopExecutorsTest {
  @Test void swingTasksRunOnTheEventThreadInOrder() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(100);
    for (int i = 0; i < 100; i++) {
      String name = "task " + i;
      SwingExecutor.INSTANCE.execute(() -> {
        ran.add(EventQueue.isDispatchThread() ? name : name + " off the event thread");
        done.countDown();
      });
    }
    assertTrue(done.await(10, TimeUnit.SECONDS));
    for (int i = 0; i < 100; i++) assertEquals("task " + i, ran.get(i));
  }

  @Test void aSwingTaskGivenOnTheEventThreadRunsAfterTheCurrentOne() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    EventQueue.invokeAndWait(() -> {
      SwingExecutor.INSTANCE.execute(() -> ran.add("callback"));
      ran.add("caller");
    });
    EventQueue.invokeAndWait(() -> { });
    assertEquals(List.of("caller", "callback"), ran);
  }

  @Test void javaFxRefusesATaskBeforeItsToolkitRuns() {
    List<String> ran = new CopyOnWriteArrayList<>();
    RejectedExecutionException refused = assertThrows(RejectedExecutionException.class,
        () -> JavaFxExecutor.INSTANCE.execute(() -> ran.add("ran")));
    assertTrue(refused.getMessage().startsWith("the JavaFX toolkit is not running"), refused.getMessage());
    assertFalse(ran.contains("ran"));
  }
}
