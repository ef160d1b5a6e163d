package dev.threadline.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Benchmark 8, what the SDK adds to an app: the dex bytes, classes and method references of the SDK's own
 * classes ({@code dev.threadline.*} but the sample app's) and of each library it brings, read from the sample
 * app's signed debug APK ({@code sample-app}'s package phase builds it with D8, {@code --debug}, min API 23,
 * no shrinking: the most an app pays before R8) by {@link DexSizes}.
 */
public final class AppSizeMeasurement {
  /** Where the sample app's build leaves the APK, seen from the repository and from the benchmarks module. */
  private static final List<Path> APK_PLACES = List.of(
      Paths.get("sample-app/target/threadline-sample-debug.apk"),
      Paths.get("../sample-app/target/threadline-sample-debug.apk"));

  /** The SDK's own classes, each library the sample app's dependencies bring, and the sample app itself. */
  static final Map<String, Predicate<String>> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("Threadline SDK (dev.threadline.*)", t -> t.startsWith("Ldev/threadline/") && !isSample(t));
    GROUPS.put("OkHttp (okhttp3.*)", t -> t.startsWith("Lokhttp3/"));
    GROUPS.put("Okio", t -> t.startsWith("Lokio/"));
    GROUPS.put("Moshi", t -> t.startsWith("Lcom/squareup/moshi/"));
    GROUPS.put("Kotlin standard library (kotlin.*)", t -> t.startsWith("Lkotlin/"));
    GROUPS.put("kotlinx coroutines (Room's)", t -> t.startsWith("Lkotlinx/") || t.startsWith("L_COROUTINE/"));
    GROUPS.put("Room and androidx.sqlite", t -> t.startsWith("Landroidx/room/") || t.startsWith("Landroidx/sqlite/"));
    GROUPS.put("other androidx (Room's: lifecycle, arch, collection, annotation…)",
        t -> t.startsWith("Landroidx/") && !t.startsWith("Landroidx/room/") && !t.startsWith("Landroidx/sqlite/"));
    GROUPS.put("nullness annotations (JetBrains', JSpecify)", t -> t.startsWith("Lorg/jetbrains/")
        || t.startsWith("Lorg/intellij/") || t.startsWith("Lorg/jspecify/"));
    GROUPS.put("the sample app (dev.threadline.sample.*)", AppSizeMeasurement::isSample);
  }

  /** The figures, group by group, and of the APK's dex files in all. */
  public static final class Result {
    public final Path apk;
    final Map<String, DexSizes.Figures> groups;
    final DexSizes.Figures all;

    Result(Path apk, Map<String, DexSizes.Figures> groups, DexSizes.Figures all) {
      this.apk = apk;
      this.groups = groups;
      this.all = all;
    }

    DexSizes.Figures sdk() {
      return groups.values().iterator().next();
    }

    /** The SDK and everything it brings: all the groups but the sample app. */
    DexSizes.Figures sdkWithDependencies() {
      DexSizes.Figures sum = new DexSizes.Figures();
      List<DexSizes.Figures> brought = new ArrayList<>(groups.values());
      brought.remove(brought.size() - 1);
      for (DexSizes.Figures g : brought) {
        sum.classes += g.classes;
        sum.bytes += g.bytes;
        sum.methodRefs += g.methodRefs;
        sum.fieldRefs += g.fieldRefs;
      }
      return sum;
    }

    /** Classes of the dex in none of the groups (a library the list above does not name yet). */
    long unattributedClasses() {
      long grouped = 0;
      for (DexSizes.Figures g : groups.values()) grouped += g.classes;
      return all.classes - grouped;
    }

    /** The breakdown as a Markdown table. */
    public String markdown() {
      StringBuilder text = new StringBuilder("| classes of | dex bytes | classes | method refs | field refs |\n"
          + "|---|---|---|---|---|\n");
      for (Map.Entry<String, DexSizes.Figures> g : groups.entrySet()) text.append(line(g.getKey(), g.getValue()));
      text.append(line("SDK with its dependencies (all but the sample)", sdkWithDependencies()));
      text.append(String.format(Locale.ROOT, "| the APK's dex files in all (shared strings, prototypes, annotations "
          + "included) | %s | %d | %,d | |%n", kilobytes(all.dexBytes), all.classes, all.allMethodRefs));
      return text.toString();
    }

    private static String line(String name, DexSizes.Figures f) {
      return String.format(Locale.ROOT, "| %s | %s | %d | %,d | %,d |%n", name, kilobytes(f.bytes), f.classes,
          f.methodRefs, f.fieldRefs);
    }
  }

  private AppSizeMeasurement() {}

  /** The sample app's APK where its build leaves it, or null when it has not been built. */
  static Path findApk() {
    for (Path place : APK_PLACES) if (Files.isRegularFile(place)) return place;
    return null;
  }

  public static Result run(Path apk) throws IOException {
    Map<String, DexSizes.Figures> groups = new LinkedHashMap<>();
    for (Map.Entry<String, Predicate<String>> g : GROUPS.entrySet()) {
      groups.put(g.getKey(), DexSizes.of(apk, g.getValue()));
    }
    return new Result(apk, groups, DexSizes.of(apk, t -> true));
  }

  static String kilobytes(long bytes) {
    return String.format(Locale.ROOT, "%,.0f KB", bytes / 1024.0);
  }

  private static boolean isSample(String type) {
    return type.startsWith("Ldev/threadline/sample/");
  }
}
