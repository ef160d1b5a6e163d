package dev.threadline.demo.cli;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotEventListener;
import dev.threadline.PageRequest;
import dev.threadline.Workflow;
import dev.threadline.demo.DemoSession;
import dev.threadline.demo.Options;
import dev.threadline.demo.ThreadPaging;
import dev.threadline.demo.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line, for scripting and support: {@code threads}, {@code show ID}, {@code send [--thread ID]
 * PROMPT} (or {@code --prompt-file FILE}), {@code stop ID}, {@code delete ID}. Results go to {@code out} and nothing else does; progress and
 * the one line describing a failure go to {@code err}. The returned value is an {@link ExitStatus}.
 *
 * <p>Online results are written to the cache, so {@code --offline} can show them later.
 */
public final class Cli {
  private final Options options;
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;

  private Cli(Options options, InputStream in, PrintStream out, PrintStream err) {
    this.options = options;
    this.in = in;
    this.out = out;
    this.err = err;
  }

  /**
   * Runs the command {@code options} name; returns the exit status. {@code in} is read only for
   * {@code --prompt-file -}.
   */
  public static int run(Options options, InputStream in, PrintStream out, PrintStream err) {
    Cli cli = new Cli(options, in, out, err);
    try {
      cli.execute();
      out.flush();
      return ExitStatus.OK;
    } catch (RuntimeException | UsageException e) {
      out.flush();
      err.println(ExitStatus.message(e));
      return ExitStatus.of(e);
    }
  }

  /** Parses {@code args} and runs them: usage errors are exit status 2, {@code --help} prints the usage. */
  public static int run(List<String> args, Map<String, String> environment, InputStream in, PrintStream out,
      PrintStream err) {
    Options options;
    try {
      options = Options.parse(args, environment);
    } catch (UsageException e) {
      err.println(ExitStatus.message(e));
      return ExitStatus.USAGE;
    }
    if (options.help()) {
      out.println(Options.USAGE);
      return ExitStatus.OK;
    }
    return run(options, in, out, err);
  }

  private void execute() throws UsageException {
    if (options.server() != null && options.token() == null && !options.offline()) {
      err.println("note: no --token and no " + Options.TOKEN_VARIABLE + "; sending no credentials");
    }
    if (options.command().equals("send")) {
      new SendCommand(options, prompt(), out, err).run();
      return;
    }
    try (DemoSession session = DemoSession.open(options, null, ChatbotEventListener.NONE)) {
      switch (options.command()) {
        case "threads": threads(session); break;
        case "show": show(session, options.arguments().get(0)); break;
        case "stop": stop(session.client(), options.arguments().get(0)); break;
        case "delete": delete(session.client(), options.arguments().get(0)); break;
        default: throw new UsageException("unknown command " + options.command());
      }
    }
  }

  /**
   * The prompt to send: the command's argument, or the whole of {@code --prompt-file} (standard input for
   * {@code -}) without its final line ends, which is how the shell's {@code $(cat FILE)} reads it too.
   */
  private String prompt() throws UsageException {
    String file = options.promptFile();
    if (file == null) return options.arguments().get(0);
    String text;
    try {
      byte[] bytes = file.equals(Options.STANDARD_INPUT) ? in.readAllBytes() : Files.readAllBytes(Path.of(file));
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new UsageException("--prompt-file " + file + " is not UTF-8 text");
    } catch (IOException | InvalidPathException e) {
      throw new UsageException("cannot read --prompt-file " + file + ": " + e);
    }
    String prompt = text.replaceFirst("[\\r\\n]+\\z", "");
    if (prompt.isBlank()) throw new UsageException("--prompt-file " + file + " holds no prompt");
    return prompt;
  }

  private void threads(DemoSession session) {
    List<Workflow> threads = new ArrayList<>();
    if (options.offline()) {
      threads.addAll(session.store().loadThreads(0, Integer.MAX_VALUE));
    } else {
      // The client writes what it reads to the cache, for "threads --offline".
      for (Workflow workflow : session.client().allThreads(PageRequest.firstPage(ThreadPaging.PAGE_SIZE))) {
        threads.add(workflow);
      }
    }
    if (options.json()) {
      out.println(ThreadJson.threads(threads));
    } else {
      for (Workflow workflow : threads) out.println(ItemText.threadLine(workflow));
      err.println(threads.size() + (threads.size() == 1 ? " thread" : " threads")
          + (options.offline() ? " (from the cache)" : ""));
    }
  }

  private void show(DemoSession session, String workflowId) {
    ChatThread thread;
    if (options.offline()) {
      thread = session.store().loadThread(workflowId);
      if (thread == null) throw new NotCachedException(workflowId);
    } else {
      // The client writes what it reads to the cache, for "show --offline".
      thread = session.client().getThread(workflowId);
    }
    if (options.json()) {
      out.println(ThreadJson.thread(thread));
    } else {
      out.println(ItemText.heading(thread.workflow()));
      for (ChatItem item : thread.items()) out.println(ItemText.item(item));
    }
  }

  private void stop(ChatbotClient client, String workflowId) {
    Workflow workflow = client.stop(workflowId);
    if (options.json()) {
      out.println(workflow.json());
    } else {
      out.println(workflow.id() + " " + workflow.statusText());
    }
  }

  private void delete(ChatbotClient client, String workflowId) {
    client.delete(workflowId);
    if (options.json()) {
      out.println("{\"id\": \"" + workflowId.replace("\\", "\\\\").replace("\"", "\\\"") + "\", \"deleted\": true}");
    } else {
      out.println("deleted " + workflowId);
    }
  }
}
