package dev.threadline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Runs the data-driven recovery spec: every {@code recovery-spec/*.json} case is a list of steps (what the
 * server answers next, what the app or time does) and what the app sees after each: the connection state,
 * the requests the server got, the thread and its cache, the send's result and the timers set. Time is a
 * {@link FakeEngineClock} that moves only on an "advance" step; the network is real (a MockWebServer driven
 * by the steps). The format is described in {@code recovery-spec/README.md}.
 */
class RecoverySpecTest {
  private static final String SPEC_DIR = "recovery-spec";

  @TestFactory Stream<DynamicTest> recoverySpec() throws IOException {
    List<Path> files = SpecFiles.in(SPEC_DIR);
    assertTrue(files.size() >= 30, "expected at least 30 recovery spec cases, found " + files.size());
    return files.stream().map(file -> {
      Map<String, Object> spec = read(file);
      return DynamicTest.dynamicTest(file.getFileName() + ": " + spec.get("description"), file.toUri(),
          () -> run(spec));
    });
  }


  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(Path file) {
    try {
      return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class)
          .fromJson(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(file + ": " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void run(Map<String, Object> spec) throws Exception {
    if (spec.get("knownBug") != null && !Boolean.getBoolean("recoverySpec.runKnownBugs")) {
      // The case states the intended behaviour; it is skipped (and shown as skipped) until the fix lands.
      Assumptions.abort("known recovery bug, case kept for the fix: " + spec.get("knownBug"));
    }
    try (RecoverySpecRun run = new RecoverySpecRun(spec)) {
      List<Map<String, Object>> steps = (List<Map<String, Object>>) spec.get("steps");
      for (int i = 0; i < steps.size(); i++) {
        Map<String, Object> step = steps.get(i);
        String where = "step " + (i + 1) + " (" + step.getOrDefault("do", "serve") + ")";
        try {
          run.step(step, where);
        } catch (AssertionFailedError e) {
          throw e;
        } catch (RuntimeException e) {
          throw new AssertionFailedError(where + " threw " + e, e);
        }
      }
    }
  }
}
