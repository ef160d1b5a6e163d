package dev.threadline.demo.fx;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.robot.Robot;
import javafx.stage.Window;
import javax.imageio.ImageIO;

/**
 * Drives a JavaFX window from a test thread: reads and acts on the scene graph on the application thread,
 * finds nodes by id, waits for conditions, and saves screenshots of the screen region of a window (so a
 * dialog over it shows too).
 */
final class FxDriver {
  private final Path screenshots;

  FxDriver(Path screenshots) throws Exception {
    this.screenshots = screenshots;
    Files.createDirectories(screenshots);
  }

  /** Runs {@code task} on the application thread and returns its result. */
  static <T> T onFx(Callable<T> task) throws Exception {
    if (Platform.isFxApplicationThread()) return task.call();
    CompletableFuture<T> result = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        result.complete(task.call());
      } catch (Exception | Error e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(20, TimeUnit.SECONDS);
  }

  /** Runs {@code action} on the application thread and waits for it. */
  static void run(Runnable action) throws Exception {
    onFx(() -> {
      action.run();
      return null;
    });
  }

  /** Waits until {@code condition}, evaluated on the application thread, holds. */
  static void waitUntil(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (Boolean.TRUE.equals(onFx(condition))) return;
      if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      Thread.sleep(50);
    }
  }

  /** Every visible node with id {@code id} under {@code root}, in tree order. Application thread only. */
  static <T extends Node> List<T> findAll(Node root, String id, Class<T> type) {
    List<T> found = new ArrayList<>();
    collect(root, id, type, found);
    return found;
  }

  /** The one visible node with id {@code id} under {@code root}. Application thread only. */
  static <T extends Node> T find(Node root, String id, Class<T> type) {
    List<T> found = findAll(root, id, type);
    if (found.size() != 1) throw new AssertionError(found.size() + " nodes with id " + id);
    return found.get(0);
  }

  private static <T extends Node> void collect(Node node, String id, Class<T> type, List<T> found) {
    if (!node.isVisible()) return;
    if (id.equals(node.getId()) && type.isInstance(node)) found.add(type.cast(node));
    if (node instanceof Parent) {
      for (Node child : ((Parent) node).getChildrenUnmodifiable()) collect(child, id, type, found);
    }
  }

  /** Saves what the screen shows of {@code window} as {@code name}.png once rendering has settled. */
  Path screenshot(Window window, String name) throws Exception {
    Thread.sleep(500);
    WritableImage image = onFx(() -> new Robot().getScreenCapture(null, window.getX(), window.getY(),
        window.getWidth(), window.getHeight()));
    int width = (int) image.getWidth();
    int height = (int) image.getHeight();
    int[] pixels = new int[width * height];
    image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), pixels, 0, width);
    BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    png.setRGB(0, 0, width, height, pixels, 0, width);
    Path file = screenshots.resolve(name + ".png");
    ImageIO.write(png, "png", file.toFile());
    return file;
  }
}
