package dev.threadline.demo.ui;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A virtual X display for window tests: the display in {@code DISPLAY} when one is set, otherwise an
 * {@code Xvfb} started on a free display number (Xvfb picks it and reports it through {@code -displayfd}).
 */
final class XvfbDisplay implements AutoCloseable {
  private final String name;
  private final Process process;

  private XvfbDisplay(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /**
   * The display to use.
   *
   * @throws AssertionError when no display is set and Xvfb is not installed
   */
  static XvfbDisplay acquire() throws IOException, InterruptedException {
    String existing = System.getenv("DISPLAY");
    if (existing != null && !existing.isBlank()) return new XvfbDisplay(existing, null);
    if (!onPath("Xvfb")) {
      throw new AssertionError("the window test needs an X display and none is set (DISPLAY), and Xvfb is not"
          + " installed: install it (apt-get install -y xvfb; CI's .ci/run does) and run the build again");
    }
    Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII));
    CompletableFuture<String> number = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    });
    String display;
    try {
      display = number.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      display = null;
    }
    if (display == null || !display.trim().matches("\\d+")) {
      xvfb.destroyForcibly();
      throw new AssertionError("Xvfb did not start (no display number reported)");
    }
    return new XvfbDisplay(":" + display.trim(), xvfb);
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String dir : path.split(File.pathSeparator)) {
      if (new File(dir, program).canExecute()) return true;
    }
    return false;
  }

  /** The value for {@code DISPLAY}, e.g. {@code :1}. */
  String name() {
    return name;
  }

  /** Stops the Xvfb this started, if any. */
  @Override public void close() {
    if (process == null) return;
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
