package dev.threadline.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Python that can run the backend: the first of {@code $THREADLINE_PYTHON}, {@code /usr/bin/python3}
 * and {@code python3} (from {@code PATH}) that can {@code import fastapi, uvicorn}. The {@code python3} first
 * on a developer's {@code PATH} often lacks them (a pyenv Python), hence the order.
 */
final class PythonInterpreter {
  static final String MISSING = "the backend conformance tests need Python 3 with FastAPI and uvicorn: "
      + "apt-get install python3-fastapi python3-uvicorn";

  private static String found;

  private PythonInterpreter() {}

  /**
   * The interpreter's command.
   *
   * @throws IllegalStateException with {@link #MISSING} when none of the candidates can import both
   */
  static synchronized String find() {
    if (found != null) return found;
    List<String> candidates = new ArrayList<>();
    String configured = System.getenv("THREADLINE_PYTHON");
    if (configured != null && !configured.isBlank()) candidates.add(configured);
    candidates.add("/usr/bin/python3");
    candidates.add("python3");
    found = firstThatCanRunTheBackend(candidates);
    return found;
  }

  /** The first of {@code candidates} that can import FastAPI and uvicorn; throws as {@link #find()} does. */
  static String firstThatCanRunTheBackend(List<String> candidates) {
    for (String candidate : candidates) {
      if (canRunBackend(candidate)) return candidate;
    }
    throw new IllegalStateException(MISSING);
  }

  private static boolean canRunBackend(String command) {
    try {
      Process probe = new ProcessBuilder(command, "-c", "import fastapi, uvicorn")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!probe.waitFor(60, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
        return false;
      }
      return probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
