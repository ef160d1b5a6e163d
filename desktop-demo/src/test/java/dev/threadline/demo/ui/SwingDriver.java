package dev.threadline.demo.ui;

import java.awt.Component;
import java.awt.Container;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

/**
 * Drives a Swing window from a test thread: reads and acts on the component tree on the event thread,
 * finds components by name, waits for conditions, and saves screenshots of the screen region of a window.
 */
final class SwingDriver {
  private final Path screenshots;
  private final Robot robot;

  SwingDriver(Path screenshots) throws Exception {
    this.screenshots = screenshots;
    this.robot = new Robot();
    Files.createDirectories(screenshots);
  }

  /** Runs {@code task} on the event thread and returns its result. */
  static <T> T onEdt(Callable<T> task) throws Exception {
    if (SwingUtilities.isEventDispatchThread()) return task.call();
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    SwingUtilities.invokeAndWait(() -> {
      try {
        result.set(task.call());
      } catch (Exception e) {
        failure.set(e);
      }
    });
    if (failure.get() != null) throw failure.get();
    return result.get();
  }

  /** Runs {@code action} on the event thread. */
  static void run(Runnable action) throws Exception {
    if (SwingUtilities.isEventDispatchThread()) {
      action.run();
      return;
    }
    SwingUtilities.invokeAndWait(action);
  }

  /** Waits until {@code condition}, evaluated on the event thread, holds. */
  static void waitUntil(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (Boolean.TRUE.equals(onEdt(condition))) return;
      if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      Thread.sleep(50);
    }
  }

  /** Every showing component named {@code name} under {@code root}, in tree order. */
  static <T extends Component> List<T> findAll(Container root, String name, Class<T> type) {
    List<T> found = new ArrayList<>();
    collect(root, name, type, found);
    return found;
  }

  /** The one component named {@code name} under {@code root}. */
  static <T extends Component> T find(Container root, String name, Class<T> type) {
    List<T> found = findAll(root, name, type);
    if (found.size() != 1) throw new AssertionError(found.size() + " components named " + name);
    return found.get(0);
  }

  private static <T extends Component> void collect(Component component, String name, Class<T> type, List<T> found) {
    if (name.equals(component.getName()) && type.isInstance(component) && component.isShowing()) {
      found.add(type.cast(component));
    }
    if (component instanceof Container) {
      for (Component child : ((Container) component).getComponents()) collect(child, name, type, found);
    }
  }

  /** Saves what the screen shows of {@code window} as {@code name}.png once painting has settled. */
  Path screenshot(Window window, String name) throws Exception {
    robot.waitForIdle();
    Thread.sleep(400);
    robot.waitForIdle();
    Rectangle bounds = onEdt(window::getBounds);
    BufferedImage image = robot.createScreenCapture(bounds);
    Path file = screenshots.resolve(name + ".png");
    try {
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new AssertionError("could not write " + file, e);
    }
    return file;
  }
}
