package dev.threadline.demo.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One run of the command line in this JVM: its exit status, stdout and stderr. */
final class CliRun {
  final int status;
  final String out;
  final String err;

  private CliRun(int status, String out, String err) {
    this.status = status;
    this.out = out;
    this.err = err;
  }

  static CliRun of(Map<String, String> environment, String... args) {
    return withInput(new byte[0], environment, args);
  }

  /** A run whose standard input holds {@code input}. */
  static CliRun withInput(byte[] input, Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    int status = Cli.run(Arrays.asList(args), environment, new ByteArrayInputStream(input), outStream, errStream);
    return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The stderr lines that report a failure. */
  List<String> errorLines() {
    return err.lines().filter(line -> line.startsWith("error: ")).collect(Collectors.toList());
  }

  @Override public String toString() {
    return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
