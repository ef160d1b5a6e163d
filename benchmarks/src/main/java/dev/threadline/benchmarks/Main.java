package dev.threadline.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the measurements and prints the table: our figure, the same-run baseline, their ratio, the
 * target and whether it is met.
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar [--smoke] [--only=1,2,...] [--out=results.md]
 * </pre>
 * {@code --smoke}: one short iteration each, small sizes, no forks; proves everything runs, means nothing.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    boolean smoke = false;
    Set<Integer> only = new LinkedHashSet<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
    Path out = null;
    for (String arg : args) {
      if (arg.equals("--smoke")) {
        smoke = true;
      } else if (arg.startsWith("--only=")) {
        only.clear();
        for (String n : arg.substring(7).split(",")) only.add(Integer.parseInt(n.trim()));
      } else if (arg.startsWith("--out=")) {
        out = Paths.get(arg.substring(6));
      } else {
        System.err.println("usage: java -jar benchmarks.jar [--smoke] [--only=1,2,...] [--out=file.md]");
        System.exit(2);
      }
    }
    Report report = run(smoke, only);
    String text = report.markdown();
    System.out.println();
    System.out.println(text);
    if (out != null) Files.write(out, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Runs the measurements {@code only} names; in smoke mode briefly and small. */
  public static Report run(boolean smoke, Set<Integer> only) throws Exception {
    Report report = new Report(smoke);
    // The non-JMH measurements first, in this JVM while it is quiet.
    for (int measurement : new int[] {8, 6, 2, 7, 9, 1, 3, 4, 5}) {
      if (!only.contains(measurement)) continue;
      long start = System.nanoTime();
      switch (measurement) {
        case 1: pipeline(report, smoke); break;
        case 2: latency(report, smoke); break;
        case 3: coldStart(report, smoke); break;
        case 4: cacheWrites(report, smoke); break;
        case 5: scaling(report, smoke); break;
        case 7: firstItem(report, smoke); break;
        case 8: appSize(report); break;
        case 9: exit(report, smoke); break;
        default: memory(report, smoke); break;
      }
      System.out.printf(Locale.ROOT, "[threadline-benchmarks] measurement %d took %.1f s%n", measurement,
          (System.nanoTime() - start) / 1e9);
    }
    return report;
  }

  // ------------------------------------------------------------------ the measurements

  static void pipeline(Report report, boolean smoke) throws RunnerException {
    String[] sizes = smoke ? new String[] {"2000"} : new String[] {"10000", "100000"};
    // A 100k-event op takes about 0.4 s: 2 s iterations hold a handful, and the first few run in the
    // interpreter, so both warm-up and measurement are longer than for the other rows.
    Collection<RunResult> results = new Runner(options(smoke, 5, 2, 5, 3, 2, FIXED_HEAP)
        .include(PipelineBenchmark.class.getName() + "\\.")
        .param("events", sizes)
        .build()).run();
    for (String size : sizes) {
      int events = Integer.parseInt(size);
      double megabytes = PipelineBenchmark.bytes(events) / 1e6;
      Score ours = score(results, "PipelineBenchmark.ours", "events", size);
      Score base = score(results, "PipelineBenchmark.baseline", "events", size);
      double oursRate = events / (ours.value / 1e3);
      double baseRate = events / (base.value / 1e3);
      double ratio = oursRate / baseRate;
      report.row("1. Stream pipeline, " + String.format(Locale.ROOT, "%,d", events) + " events ("
              + String.format(Locale.ROOT, "%.1f", megabytes) + " MB)",
          rate(oursRate, ours) + String.format(Locale.ROOT, " (%.0f MB/s)", megabytes / (ours.value / 1e3)),
          rate(baseRate, base) + String.format(Locale.ROOT, " (%.0f MB/s)", megabytes / (base.value / 1e3)),
          ratio, "≥ 0.85× baseline", ratio >= 0.85, "ratio = our throughput / baseline throughput");
    }
  }

  static void latency(Report report, boolean smoke) throws Exception {
    LatencyMeasurement.Result result = smoke
        ? new LatencyMeasurement(200, 2, 200_000, 200).run()
        : new LatencyMeasurement(10_000, 4, 500_000, 2_000).run();
    LatencyMeasurement.Percentiles o = result.ours;
    LatencyMeasurement.Percentiles b = result.baseline;
    report.row("2. Latency flush → observer, p50 (" + o.count + " events)", micros(o.p50Micros), micros(b.p50Micros),
        o.p50Micros / b.p50Micros, "", null, "");
    report.row("2. Latency flush → observer, p99", percentileWithChunks(o), percentileWithChunks(b),
        o.p99Micros / b.p99Micros, "p99 ≤ 2 ms", o.p99Micros <= 2_000, "");
    report.row("2. Latency flush → observer, p99.9", micros(o.p999Micros), micros(b.p999Micros),
        o.p999Micros / b.p999Micros, "", null, "max: ours " + micros(o.maxMicros) + ", baseline "
            + micros(b.maxMicros));
  }

  static void firstItem(Report report, boolean smoke) throws Exception {
    FirstItemMeasurement.Result result = smoke
        ? new FirstItemMeasurement(50, 2, 20).run()
        : new FirstItemMeasurement(4_000, 4, 500).run();
    LatencyMeasurement.Percentiles o = result.ours;
    LatencyMeasurement.Percentiles b = result.baseline;
    LatencyMeasurement.Percentiles h = result.handedOff;
    report.row("7. Send → first item on screen, p50 (" + o.count + " sends, warm client)", micros(o.p50Micros),
        micros(b.p50Micros), o.p50Micros / b.p50Micros, "≤ 1.2× baseline", o.p50Micros <= 1.2 * b.p50Micros,
        "baseline: plain OkHttp POST to its first SSE event, on the calling thread");
    report.row("7. Send → first item on screen, p99", percentileWithChunks(o), percentileWithChunks(b),
        o.p99Micros / b.p99Micros, "≤ 1.2× baseline", o.p99Micros <= 1.2 * b.p99Micros,
        "max: ours " + micros(o.maxMicros) + ", baseline " + micros(b.maxMicros));
    // Not a target: the same POST behind the one thread hand-off ours makes, so the rest is the SDK's own work.
    report.row("7. Same, against the plain POST handed to a worker thread, p50", micros(o.p50Micros),
        micros(h.p50Micros), o.p50Micros / h.p50Micros, "", null,
        "handing the plain POST to a worker (the one hand-off ours makes: app thread → engine thread) moved its p50 by "
            + micros(h.p50Micros - b.p50Micros));
    report.row("7. Same, against the plain POST handed to a worker thread, p99", percentileWithChunks(o),
        percentileWithChunks(h), o.p99Micros / h.p99Micros, "", null,
        "max: handed off " + micros(h.maxMicros));
  }

  private static String percentileWithChunks(LatencyMeasurement.Percentiles p) {
    return micros(p.p99Micros) + " (chunks " + micros(p.p99MinChunkMicros) + "–" + micros(p.p99MaxChunkMicros) + ")";
  }

  static void appSize(Report report) throws IOException {
    Path apk = AppSizeMeasurement.findApk();
    if (apk == null) {
      System.out.println("[threadline-benchmarks] measurement 8 skipped: no sample APK (mvn -B -q -pl sample-app -am "
          + "package -DskipTests builds it)");
      return;
    }
    AppSizeMeasurement.Result result = AppSizeMeasurement.run(apk);
    System.out.println(result.markdown());
    DexSizes.Figures sdk = result.sdk();
    DexSizes.Figures all = result.sdkWithDependencies();
    long limit = 250 * 1024;
    long chatSdk = 5_250_000;
    report.row("8. What the SDK adds to an app: its own code in the sample APK's dex",
        AppSizeMeasurement.kilobytes(sdk.bytes) + String.format(Locale.ROOT, ", %,d method refs, %d classes",
            sdk.methodRefs, sdk.classes),
        "250 KB (the target)", (double) sdk.bytes / limit, "< 250 KB of dex", sdk.bytes < limit,
        "D8 --debug, no R8; ratio = ours / 250 KB");
    report.row("8. What the SDK adds to an app: with the dependencies it brings",
        AppSizeMeasurement.kilobytes(all.bytes) + String.format(Locale.ROOT, ", %,d method refs, %d classes",
            all.methodRefs, all.classes),
        "5.25 MB (a well-known chat SDK's documented client)", (double) all.bytes / chatSdk, "", null,
        "OkHttp, Okio, Moshi, Kotlin stdlib, Room + coroutines + androidx; breakdown in README"
            + (result.unattributedClasses() == 0 ? "" : "; unattributed classes: " + result.unattributedClasses()));
  }

  static void exit(Report report, boolean smoke) throws Exception {
    ExitMeasurement.Result result = new ExitMeasurement(smoke ? 1 : 7).run();
    report.row("9. Exit after main returns, client never closed (median of " + (smoke ? 1 : 7) + " JVMs)",
        String.format(Locale.ROOT, "%.0f ms (max %.0f ms)", result.forgotMillis, result.forgotMaxMillis),
        String.format(Locale.ROOT, "%.0f ms (closed)", result.closedMillis),
        result.forgotMillis / Math.max(1, result.closedMillis), "at once (≤ 100 ms), nothing lost",
        result.forgotMillis <= 100 && result.missingItems == 0,
        "cache items lost: " + result.missingItems + "; baseline: the same app calling close()");
  }

  static void coldStart(Report report, boolean smoke) throws IOException, RunnerException {
    String items = smoke ? "1000" : "10000";
    // Warm: the fixed heap of 1 and 5 (each start allocates its 10,000 items anew; with a 1 GB start the heap's
    // growth put ±40 ms on a 60 ms figure) and more warm-up, so the reader runs compiled; both sides alike.
    Collection<RunResult> warm = new Runner(options(smoke, 5, 1, 5, 2, 2, FIXED_HEAP)
        .include(ColdStartBenchmark.class.getName() + "\\.")
        .param("items", items)
        .build()).run();
    Score ours = score(warm, "ColdStartBenchmark.ours", "items", items);
    Score base = score(warm, "ColdStartBenchmark.baseline", "items", items);
    report.row("3. Cold start, " + items + "-item cached thread → first snapshot (warm JVM)", millis(ours),
        millis(base), ours.value / base.value, "≤ 50 ms and ≤ 1.5× baseline",
        ours.value <= 50 && ours.value / base.value <= 1.5, "ratio = our time / baseline time");
    if (smoke) return;
    Collection<RunResult> first = new Runner(firstCalls("\\.", items, 10, "-Xms1g", "-Xmx4g").build()).run();
    Score oursFirst = score(first, "ColdStartBenchmark.ours", "items", items);
    Score baseFirst = score(first, "ColdStartBenchmark.baseline", "items", items);
    report.row("3. Cold start, first call in a fresh JVM (10 forks)", millis(oursFirst), millis(baseFirst),
        oursFirst.value / baseFirst.value, "≤ 2× baseline", oursFirst.value / baseFirst.value <= 2,
        "class loading and interpreter included");
    classesArchived(report, items);
  }

  /**
   * Benchmark 3's fresh JVMs again, with the classes both sides load archived first (AppCDS: one fork of
   * {@code ours} writes the archive at its exit, both sides' forks map it). Not a target: it shows in the same
   * run how much of the fresh-JVM figure is loading classes, which a desktop app can take out by shipping
   * such an archive (JDK 13+), and what is left without it.
   */
  private static void classesArchived(Report report, String items) throws IOException, RunnerException {
    Path directory = Files.createTempDirectory("threadline-cds");
    Path archive = directory.resolve("cold-start.jsa");
    try {
      new Runner(firstCalls("\\.ours$", items, 1, "-Xms1g", "-Xmx4g", "-XX:ArchiveClassesAtExit=" + archive)
          .build()).run();
      if (!Files.exists(archive)) {
        System.out.println("[threadline-benchmarks] measurement 3 with archived classes skipped: no archive written");
        return;
      }
      Collection<RunResult> archived = new Runner(
          firstCalls("\\.", items, 10, "-Xms1g", "-Xmx4g", "-XX:SharedArchiveFile=" + archive).build()).run();
      Score ours = score(archived, "ColdStartBenchmark.ours", "items", items);
      Score base = score(archived, "ColdStartBenchmark.baseline", "items", items);
      report.row("3. Same, the app's classes archived (AppCDS, 10 forks)", millis(ours), millis(base),
          ours.value / base.value, "", null, "class loading taken out on both sides; the interpreter is left");
    } finally {
      Files.deleteIfExists(archive);
      Files.deleteIfExists(directory);
    }
  }

  /**
   * The first call of benchmark 3's methods matching {@code methods} (after the class name), one per fork, in
   * {@code forks} fresh JVMs started with {@code jvmArgs}.
   */
  private static ChainedOptionsBuilder firstCalls(String methods, String items, int forks, String... jvmArgs) {
    return new OptionsBuilder()
        .include(ColdStartBenchmark.class.getName() + methods)
        .param("items", items)
        .mode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
        .timeUnit(TimeUnit.MILLISECONDS)
        .warmupIterations(0)
        .measurementIterations(1)
        .forks(forks)
        .jvmArgsAppend(jvmArgs)
        .shouldFailOnError(true);
  }

  static void cacheWrites(Report report, boolean smoke) throws RunnerException {
    String items = smoke ? "1000" : "10000";
    int n = Integer.parseInt(items);
    Collection<RunResult> results = new Runner(options(smoke, 2, 2, 4, 2, 2)
        .include(CacheWriteBenchmark.class.getName() + "\\.")
        .param("items", items)
        .build()).run();
    Score ours = score(results, "CacheWriteBenchmark.ours", "items", items);
    Score raw = score(results, "CacheWriteBenchmark.raw", "items", items);
    double oursRate = n / (ours.value / 1e3);
    double rawRate = n / (raw.value / 1e3);
    report.row("4. Cache writes, batching writer → SQLite", rate(oursRate, ours) + " items/s",
        rate(rawRate, raw) + " items/s", oursRate / rawRate, "≥ 0.8× raw", oursRate / rawRate >= 0.8,
        "one ThreadChange per item, as the engine writes");
    EvictionBenchmark.measure(report, smoke);
  }

  static void scaling(Report report, boolean smoke) throws RunnerException {
    String[] sizes = smoke ? new String[] {"200", "2000"} : new String[] {"1000", "10000", "100000"};
    // Eight 1-s warm-ups: with two, the 10k re-read was still being compiled in its first measured
    // iterations (three to fifty times its steady time) on two shared cores; with five, sometimes still.
    Collection<RunResult> results = new Runner(options(smoke, 8, 1, 5, 1, 2, FIXED_HEAP)
        .include(ScalingBenchmark.class.getName() + "\\.")
        .param("n", sizes)
        .build()).run();
    String big = sizes[sizes.length - 1];
    String mid = sizes[sizes.length - 2];
    Score baseBig = score(results, "ScalingBenchmark.Baseline.baseline", "n", big);
    Score baseMid = score(results, "ScalingBenchmark.Baseline.baseline", "n", mid);
    double baseRatio = baseBig.value / baseMid.value;
    for (String change : new String[] {"same", "respelled", "oneChanged"}) {
      StringBuilder times = new StringBuilder();
      StringBuilder baseTimes = new StringBuilder();
      for (String size : sizes) {
        Score s = score(results, "ScalingBenchmark.ours", "n", size, "change", change);
        Score b = score(results, "ScalingBenchmark.Baseline.baseline", "n", size);
        if (times.length() > 0) {
          times.append(", ");
          baseTimes.append(", ");
        }
        times.append(size).append(": ").append(fromMicros(s));
        baseTimes.append(size).append(": ").append(fromMicros(b));
      }
      Score oursBig = score(results, "ScalingBenchmark.ours", "n", big, "change", change);
      Score oursMid = score(results, "ScalingBenchmark.ours", "n", mid, "change", change);
      double ratio = oursBig.value / oursMid.value;
      report.row("5. Resync scaling, " + (change.equals("same") ? "re-read unchanged"
              : change.equals("respelled") ? "re-read unchanged, REST spelling after a stream" : "one item changed")
              + String.format(Locale.ROOT, " — time(%s)/time(%s) ours %.1f, baseline %.1f", big, mid, ratio, baseRatio),
          times.toString(), baseTimes.toString(), ratio, "time(100k)/time(10k) ≤ 12", ratio <= 12,
          "ratio column: our 100k/10k time ratio");
    }
  }

  static void memory(Report report, boolean smoke) {
    MemoryMeasurement.Result result = MemoryMeasurement.run(smoke ? 500 : 10_000);
    String json = String.format(Locale.ROOT, "%.0f B/item JSON", result.jsonBytesPerItem);
    report.row("6. Memory, thread model (observed thread), " + result.items + " items",
        String.format(Locale.ROOT, "%.0f B/item", result.modelBytesPerItem), json,
        result.modelBytesPerItem / result.jsonBytesPerItem, "≤ 1.5× JSON",
        result.modelBytesPerItem / result.jsonBytesPerItem <= 1.5, "JOL heap walk");
    report.row("6. Memory, InMemoryThreadStore (default cache)",
        String.format(Locale.ROOT, "%.0f B/item", result.storeBytesPerItem), json,
        result.storeBytesPerItem / result.jsonBytesPerItem, "≤ 2× JSON",
        result.storeBytesPerItem / result.jsonBytesPerItem <= 2, "");
    report.row("6. Memory, model + in-memory store together (items shared)",
        String.format(Locale.ROOT, "%.0f B/item", result.clientBytesPerItem), json,
        result.clientBytesPerItem / result.jsonBytesPerItem, "", null, "a running client with the default store");
  }

  // ------------------------------------------------------------------ JMH plumbing

  /**
   * The forks' heap for rows whose ops build or hold tens of megabytes (a 100k-event thread, a 100k-item
   * re-read): fixed at the usual maximum and touched before the benchmark starts, so that no iteration pays
   * for growing the heap, its page faults or the GC pauses of a young generation G1 is still resizing
   * (with {@code -Xms1g -Xmx4g} the 100k pipeline's young pauses reached 440 ms as the heap grew to 3.6 GB).
   * Both sides of a row run in forks alike.
   */
  static final String[] FIXED_HEAP = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"};

  /** Forks, warm-up and measurement iterations (count × seconds); in smoke mode one short iteration, no fork. */
  static ChainedOptionsBuilder options(boolean smoke, int warmups, int warmupSeconds, int measurements,
      int measurementSeconds, int forks) {
    return options(smoke, warmups, warmupSeconds, measurements, measurementSeconds, forks, "-Xms1g", "-Xmx4g");
  }

  /** {@link #options(boolean, int, int, int, int, int)} with the forks' JVM arguments {@code jvmArgs}. */
  static ChainedOptionsBuilder options(boolean smoke, int warmups, int warmupSeconds, int measurements,
      int measurementSeconds, int forks, String... jvmArgs) {
    ChainedOptionsBuilder options = new OptionsBuilder().shouldFailOnError(true);
    if (smoke) {
      return options.forks(0).warmupIterations(0).measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(100)).verbosity(VerboseMode.SILENT);
    }
    return options.forks(forks)
        .warmupIterations(warmups).warmupTime(TimeValue.seconds(warmupSeconds))
        .measurementIterations(measurements).measurementTime(TimeValue.seconds(measurementSeconds))
        .jvmArgsAppend(jvmArgs);
  }

  /** A JMH score and its 99.9% error (NaN when there were too few samples). */
  static final class Score {
    final double value;
    final double error;
    final String unit;

    Score(double value, double error, String unit) {
      this.value = value;
      this.error = error;
      this.unit = unit;
    }
  }

  static Score score(Collection<RunResult> results, String benchmark, String... params) {
    for (RunResult result : results) {
      if (!result.getParams().getBenchmark().endsWith(benchmark)) continue;
      boolean match = true;
      for (int i = 0; i < params.length; i += 2) {
        if (!params[i + 1].equals(result.getParams().getParam(params[i]))) match = false;
      }
      if (match) {
        return new Score(result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError(),
            result.getPrimaryResult().getScoreUnit());
      }
    }
    throw new IllegalStateException("no result for " + benchmark + " " + String.join(" ", params));
  }

  private static String rate(double rate, Score score) {
    String text = String.format(Locale.ROOT, "%,.0f/s", rate);
    if (Double.isNaN(score.error) || score.value == 0) return text;
    return text + String.format(Locale.ROOT, " ±%.0f%%", 100 * score.error / score.value);
  }

  private static String millis(Score score) {
    return withError(score.value, score.error, "ms");
  }

  private static String fromMicros(Score score) {
    if (score.value >= 1000) return withError(score.value / 1e3, score.error / 1e3, "ms");
    return withError(score.value, score.error, "µs");
  }

  private static String withError(double value, double error, String unit) {
    String format = value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f";
    String text = String.format(Locale.ROOT, format, value) + " " + unit;
    if (Double.isNaN(error)) return text;
    return text + String.format(Locale.ROOT, " ±" + format, error);
  }

  private static String micros(double micros) {
    if (micros >= 1000) return String.format(Locale.ROOT, "%.2f ms", micros / 1e3);
    return String.format(Locale.ROOT, "%.0f µs", micros);
  }

  /** The table. */
  public static final class Report {
    /** One line of the table; {@code met} is null where the row has no target of its own. */
    public static final class Row {
      public final String what;
      public final String ours;
      public final String baseline;
      public final double ratio;
      public final String target;
      public final Boolean met;
      public final String note;

      Row(String what, String ours, String baseline, double ratio, String target, Boolean met, String note) {
        this.what = what;
        this.ours = ours;
        this.baseline = baseline;
        this.ratio = ratio;
        this.target = target;
        this.met = met;
        this.note = note;
      }
    }

    private final boolean smoke;
    private final List<Row> rows = new ArrayList<>();

    Report(boolean smoke) {
      this.smoke = smoke;
    }

    void row(String what, String ours, String baseline, double ratio, String target, Boolean met, String note) {
      rows.add(new Row(what, ours, baseline, ratio, target, met, note));
      System.out.println("[threadline-benchmarks] " + what + ": ours " + ours + ", baseline " + baseline
          + String.format(Locale.ROOT, ", ratio %.2f", ratio));
    }

    public List<Row> rows() {
      return rows;
    }

    public String markdown() {
      StringBuilder text = new StringBuilder();
      text.append(smoke ? "Smoke run (figures mean nothing): " : "Run: ")
          .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(", JDK ")
          .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
          .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
          .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append(", ")
          .append(cpuModel()).append("\n\n");
      text.append("| measurement | ours | baseline | ratio | target | met? | note |\n");
      text.append("|---|---|---|---|---|---|---|\n");
      for (Row row : rows) {
        text.append("| ").append(row.what).append(" | ").append(row.ours).append(" | ").append(row.baseline)
            .append(" | ").append(String.format(Locale.ROOT, "%.2f", row.ratio)).append(" | ").append(row.target)
            .append(" | ").append(row.met == null ? "" : row.met ? "yes" : "**no**").append(" | ")
            .append(row.note).append(" |\n");
      }
      return text.toString();
    }

    private static String cpuModel() {
      try {
        for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
          if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
        }
      } catch (IOException | RuntimeException e) {
        // not Linux
      }
      return "unknown CPU";
    }
  }
}
