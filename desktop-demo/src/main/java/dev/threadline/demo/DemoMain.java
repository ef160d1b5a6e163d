package dev.threadline.demo;

import dev.threadline.demo.cli.Cli;
import dev.threadline.demo.cli.ExitStatus;
import dev.threadline.demo.fx.FxApp;
import dev.threadline.demo.ui.DesktopApp;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The jar's entry point: without a command it opens the window (Swing, or JavaFX with {@code --ui javafx}); with one ({@code threads}, {@code show},
 * {@code send}, {@code stop}, {@code delete}) it runs the command line and exits with its status.
 */
public final class DemoMain {
  private DemoMain() {}

  /** Runs the demo; see {@link Options#USAGE}. */
  public static void main(String[] args) {
    List<String> arguments = Arrays.asList(args);
    Options options;
    try {
      options = Options.parse(arguments, System.getenv());
    } catch (UsageException e) {
      System.err.println(ExitStatus.message(e));
      System.exit(ExitStatus.USAGE);
      return;
    }
    if (options.help()) {
      System.out.println(Options.USAGE);
      return;
    }
    if (options.command() != null) {
      PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
      PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
      int status = Cli.run(options, System.in, out, err);
      out.flush();
      System.exit(status);
    }
    if (options.ui() == Options.Ui.JAVAFX) {
      FxApp.launch(options, () -> System.exit(0));
    } else {
      DesktopApp.launch(options, () -> System.exit(0));
    }
  }
}
