package dev.threadline.demo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a window scenario in a real window: AWT and JavaFX read their display once, from the environment,
 * so the scenario runs in a child JVM whose {@code DISPLAY} is an Xvfb started here (or the display already
 * set), with {@link ScenarioRunner} as its main. The child writes screenshots to {@code target/<folder>}.
 */
public final class WindowScenarioProcess {
  private WindowScenarioProcess() {}

  /** Runs {@code scenario} and fails with its output unless every step passed. */
  public static void run(Class<?> scenario, String screenshotFolder, String logName, List<String> jvmOptions)
      throws Exception {
    Path screenshots = Path.of("target", screenshotFolder).toAbsolutePath();
    Files.createDirectories(screenshots);
    Path log = Path.of("target", logName).toAbsolutePath();
    try (XvfbDisplay display = XvfbDisplay.acquire()) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add("-Djava.awt.headless=false");
      command.add("-Dthreadline.screenshots=" + screenshots);
      command.addAll(jvmOptions);
      command.add(ScenarioRunner.class.getName());
      command.add(scenario.getName());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("DISPLAY", display.name());
      Process child = builder.start();
      boolean ended = child.waitFor(300, TimeUnit.SECONDS);
      if (!ended) child.destroyForcibly().waitFor();
      String output = read(log);
      System.out.println(output);
      assertTrue(ended, "the window scenario did not end within 300 s:\n" + output);
      assertEquals(0, child.exitValue(), "the window scenario failed:\n" + output);
      assertTrue(output.contains("tests successful"), output);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
