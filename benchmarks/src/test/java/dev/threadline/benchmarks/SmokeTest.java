package dev.threadline.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Smoke mode, run by {@code mvn verify}: every benchmark once, one short iteration, small sizes, no fork,
 * so the benchmarks keep compiling and running. Times are never asserted: they mean nothing here.
 */
class SmokeTest {
  @Test void allRunAndProduceNumbers() throws Exception {
    // JMH refuses to start while another JMH run on the machine holds /tmp/jmh.lock; a smoke run measures
    // nothing, so it must not fail because someone is benchmarking next to it.
    System.setProperty("jmh.ignoreLock", "true");
    Main.Report report = Main.run(true, new LinkedHashSet<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9)));
    System.out.println(report.markdown());
    // 1: one size; 2: p50, p99, p99.9; 3: warm only; 4: the writer and eviction; 5: three variants; 6: three structures;
    // 7: p50, p99, each also against the plain POST handed to a worker thread; 8: the SDK alone and with its dependencies, read from the sample APK (built before this
    // module in a full `mvn verify`; without it the measurement says so and adds no row); 9: one exit time.
    int appSize = AppSizeMeasurement.findApk() != null ? 2 : 0;
    assertEquals(1 + 3 + 1 + 2 + 3 + 3 + 4 + appSize + 1, report.rows().size());
    for (Main.Report.Row row : report.rows()) {
      assertTrue(Double.isFinite(row.ratio) && row.ratio > 0, row.what + ": ratio " + row.ratio);
    }
  }
}
