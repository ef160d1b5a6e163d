package dev.threadline.demo;

import dev.threadline.BackoffPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The demo's command line, parsed: an optional command with its arguments, and the options, which may be
 * written before or after the command ({@code send "hi" --server URL --json}). Immutable.
 */
public final class Options {
  /** The environment variable read for the token when {@code --token} is not given. */
  public static final String TOKEN_VARIABLE = "THREADLINE_TOKEN";

  /** How long a command keeps retrying a failing server unless {@code --timeout} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The windows {@code --ui} chooses from: the Swing one (the default) and the JavaFX one. */
  public enum Ui { SWING, JAVAFX }

  /** The value of {@code --prompt-file} that reads the prompt from standard input. */
  public static final String STANDARD_INPUT = "-";

  /** The commands of the command line; none opens the window. */
  public static final Set<String> COMMANDS = Set.of("threads", "show", "send", "stop", "delete");

  /** The usage text, printed for {@code --help} and after a usage error. */
  public static final String USAGE = String.join("\n",
      "usage: java -jar desktop-demo.jar [COMMAND] [OPTIONS]",
      "",
      "Without a command, opens the window.",
      "",
      "commands:",
      "  threads                    list all threads",
      "  show ID                    print one thread",
      "  send [--thread ID] PROMPT  send a prompt (to a new thread, or continue ID) and follow it to its end",
      "  send [--thread ID] --prompt-file FILE",
      "                             the same, the prompt read from FILE (UTF-8; - reads standard input)",
      "  stop ID                    stop a running thread",
      "  delete ID                  delete a thread",
      "",
      "options:",
      "  --server URL         a real backend (default: an embedded fake backend with example threads, new",
      "                       on every start)",
      "  --allow-cleartext    allow plain http:// to a --server on another machine (trusted networks only)",
      "  --token TOKEN        the backend's bearer token (default: $" + TOKEN_VARIABLE + ")",
      "  --cache PATH         the cache folder (default: the per-user app-data folder)",
      "  --timeout DURATION   how long to keep retrying a server that cannot be reached or keeps failing",
      "                       before giving up with status 5, e.g. 90s, 5m, 500ms (default "
          + DEFAULT_TIMEOUT.toSeconds() + "s for a command; "
          + BackoffPolicy.defaults().budget().toMinutes() + "m in the window)",
      "  --offline            show cached data only; no request leaves the machine",
      "  --ui swing|javafx    the window's toolkit (default swing)",
      "  --json               show, send: the final thread as JSON; threads: {\"items\": [...]}",
      "  --help               this text",
      "",
      "exit status: 0 ok, 1 error, 2 usage, 3 not authenticated or forbidden, 4 not found, 5 network gave up");

  private static final Set<String> VALUE_OPTIONS =
      Set.of("--server", "--token", "--cache", "--thread", "--timeout", "--prompt-file", "--pacing-ms", "--ui");
  private static final Set<String> FLAG_OPTIONS = Set.of("--offline", "--json", "--help", "--allow-cleartext");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

  private final String command;
  private final List<String> arguments;
  private final String server;
  private final String token;
  private final Path cache;
  private final boolean offline;
  private final boolean json;
  private final boolean help;
  private final boolean allowCleartext;
  private final String thread;
  private final String promptFile;
  private final Duration timeout;
  private final Long pacingMillis;
  private final Ui ui;

  private Options(String command, List<String> arguments, Map<String, String> values, Set<String> flags,
      Map<String, String> environment) throws UsageException {
    this.command = command;
    this.arguments = Collections.unmodifiableList(arguments);
    this.server = values.get("--server");
    this.token = values.containsKey("--token") ? values.get("--token") : environment.get(TOKEN_VARIABLE);
    this.cache = values.containsKey("--cache") ? Path.of(values.get("--cache")) : AppDataFolder.forCurrentUser(environment);
    this.offline = flags.contains("--offline");
    this.json = flags.contains("--json");
    this.help = flags.contains("--help");
    this.allowCleartext = flags.contains("--allow-cleartext");
    this.thread = values.get("--thread");
    this.promptFile = values.get("--prompt-file");
    this.timeout = values.containsKey("--timeout") ? duration(values.get("--timeout"))
        : command != null ? DEFAULT_TIMEOUT : null;
    this.pacingMillis = longOrNull(values, "--pacing-ms");
    this.ui = ui(values.get("--ui"));
  }

  /**
   * Parses {@code args}; {@code environment} supplies {@value #TOKEN_VARIABLE} and the app-data folders.
   *
   * @throws UsageException if an option is unknown or lacks its value, or a command has the wrong arguments
   */
  public static Options parse(List<String> args, Map<String, String> environment) throws UsageException {
    String command = null;
    List<String> arguments = new ArrayList<>();
    Map<String, String> values = new HashMap<>();
    Set<String> flags = new HashSet<>();
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!optionsEnded && arg.equals("--")) {
        optionsEnded = true;
      } else if (!optionsEnded && VALUE_OPTIONS.contains(arg)) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new UsageException(arg + " needs a value");
        }
        values.put(arg, args.get(++i));
      } else if (!optionsEnded && arg.startsWith("--") && arg.contains("=")
          && VALUE_OPTIONS.contains(arg.substring(0, arg.indexOf('=')))) {
        values.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else if (!optionsEnded && FLAG_OPTIONS.contains(arg)) {
        flags.add(arg);
      } else if (!optionsEnded && arg.startsWith("--")) {
        throw new UsageException("unknown option " + arg);
      } else if (command == null) {
        if (!COMMANDS.contains(arg)) throw new UsageException("unknown command " + arg);
        command = arg;
      } else {
        arguments.add(arg);
      }
    }
    Options options = new Options(command, arguments, values, flags, environment);
    if (!options.help) options.check(values);
    return options;
  }

  private void check(Map<String, String> values) throws UsageException {
    if (command == null) {
      if (json) throw new UsageException("--json needs a command");
    } else if (command.equals("threads")) {
      expectArguments(0, "threads takes no arguments");
    } else if (command.equals("send")) {
      if (promptFile != null) {
        expectArguments(0, "send takes a PROMPT or --prompt-file, not both");
        if (promptFile.isEmpty()) throw new UsageException("--prompt-file needs a FILE, or - for standard input");
      } else {
        expectArguments(1, "send needs one PROMPT (quote it), or --prompt-file FILE");
        if (arguments.get(0).isBlank()) throw new UsageException("send needs a non-empty PROMPT");
      }
      if (offline) throw new UsageException("send cannot run --offline");
    } else {
      expectArguments(1, command + " needs one thread ID");
      if (offline && !command.equals("show")) throw new UsageException(command + " cannot run --offline");
    }
    if (values.containsKey("--ui") && command != null) throw new UsageException("--ui is an option of the window");
    if (thread != null && !"send".equals(command)) throw new UsageException("--thread is an option of send");
    if (promptFile != null && !"send".equals(command)) throw new UsageException("--prompt-file is an option of send");
    if (values.containsKey("--server") && server.isBlank()) throw new UsageException("--server needs a URL");
    if (server != null && !server.startsWith("http://") && !server.startsWith("https://")) {
      throw new UsageException("--server must be an http:// or https:// URL");
    }
    if (server != null && HttpUrl.parse(server) == null) throw new UsageException("--server is not a valid URL: " + server);
  }

  private void expectArguments(int count, String message) throws UsageException {
    if (arguments.size() != count) throw new UsageException(message);
  }

  /** A duration such as {@code 90s}, {@code 5m}, {@code 1h} or {@code 500ms}; a bare number is seconds. */
  private static Duration duration(String text) throws UsageException {
    Matcher parts = DURATION.matcher(text.trim());
    if (!parts.matches() || Long.parseLong(parts.group(1)) == 0) {
      throw new UsageException("--timeout needs a positive duration such as 90s, 5m or 500ms, not " + text);
    }
    long amount = Long.parseLong(parts.group(1));
    String unit = parts.group(2) == null ? "s" : parts.group(2);
    switch (unit) {
      case "ms": return Duration.ofMillis(amount);
      case "m": return Duration.ofMinutes(amount);
      case "h": return Duration.ofHours(amount);
      default: return Duration.ofSeconds(amount);
    }
  }

  private static Ui ui(String text) throws UsageException {
    if (text == null || text.equals("swing")) return Ui.SWING;
    if (text.equals("javafx")) return Ui.JAVAFX;
    throw new UsageException("--ui is swing or javafx, not " + text);
  }

  private static Long longOrNull(Map<String, String> values, String name) throws UsageException {
    String text = values.get(name);
    if (text == null) return null;
    try {
      long value = Long.parseLong(text);
      if (value < 0) throw new NumberFormatException();
      return value;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " needs a number of milliseconds");
    }
  }

  /** The window's toolkit. */
  public Ui ui() {
    return ui;
  }

  /** The command, or null to open the window. */
  public String command() {
    return command;
  }

  /** The command's positional arguments. Unmodifiable. */
  public List<String> arguments() {
    return arguments;
  }

  /** The real backend's base URL, or null for the embedded fake backend. */
  public String server() {
    return server;
  }

  /** The bearer token, from {@code --token} or {@value #TOKEN_VARIABLE}; null when neither is set. */
  public String token() {
    return token;
  }

  /** The cache folder. Never null. */
  public Path cache() {
    return cache;
  }

  /** Whether to use cached data only. */
  public boolean offline() {
    return offline;
  }

  /** Whether results are printed as JSON. */
  public boolean json() {
    return json;
  }

  /** Whether {@code --help} was asked for. */
  public boolean help() {
    return help;
  }

  /** For {@code send}: the thread to continue, or null for a new thread. */
  public String thread() {
    return thread;
  }

  /** Whether plain http to a server that is not this machine is allowed ({@code --allow-cleartext}). */
  public boolean allowCleartext() {
    return allowCleartext;
  }

  /**
   * For {@code send}: the file to read the prompt from ({@value #STANDARD_INPUT} for standard input), or null
   * when the prompt is the command's argument.
   */
  public String promptFile() {
    return promptFile;
  }

  /**
   * How long recovery keeps retrying a failing server before giving up: {@code --timeout}, else
   * {@link #DEFAULT_TIMEOUT} for a command, else (the window) null for the SDK's default.
   */
  public Duration timeout() {
    return timeout;
  }

  /** Hidden, for tests and demos: the embedded backend's pacing in milliseconds, or null for its default. */
  public Long pacingMillis() {
    return pacingMillis;
  }
}
