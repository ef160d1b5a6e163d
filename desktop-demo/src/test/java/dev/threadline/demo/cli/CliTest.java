package dev.threadline.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.testkit.FakeChatbotExtension;
import dev.threadline.testkit.FakeChatbotServer;
import dev.threadline.testkit.Fault;
import dev.threadline.testkit.Round;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The command line against the testkit's fake backend: every command, its JSON, and its exit statuses. */
class CliTest {
  private static final String TOKEN = "token-alice";

  @RegisterExtension
  final FakeChatbotExtension fake = FakeChatbotExtension.create(server -> server.token(TOKEN, "alice").seed(7));

  @TempDir Path cache;

  private CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", fake.server().url().toString(), "--cache", cache.toString()));
    return CliRun.of(Map.of(dev.threadline.demo.Options.TOKEN_VARIABLE, TOKEN), all.toArray(new String[0]));
  }

  private FakeChatbotServer server() {
    return fake.server();
  }

  // ---------------------------------------------------------------- threads

  @Test void threadsJsonHoldsEveryPageAsTheServerHasIt() throws Exception {
    server().seedExampleThreads();
    for (int i = 0; i < 22; i++) server().createThread("alice", "Question " + i, "Answer " + i);
    CliRun run = cli("threads", "--json");
    assertEquals(0, run.status, run.toString());
    String truth = ServerTruth.threads(server(), TOKEN);
    @SuppressWarnings("unchecked")
    Object expected = ((Map<String, Object>) ServerTruth.parse(truth)).get("items");
    assertEquals(Map.of("items", expected), ServerTruth.parse(run.out));
    assertEquals(25, ((List<?>) expected).size());
    assertEquals(ServerTruth.timeLiterals(truth.substring(0, truth.indexOf("\"pagination\""))),
        ServerTruth.timeLiterals(run.out));
    assertEquals(1, run.out.lines().count(), "one JSON object on stdout");
  }

  @Test void threadsWritesOneLinePerThread() {
    server().seedExampleThreads();
    CliRun run = cli("threads");
    assertEquals(0, run.status, run.toString());
    assertEquals(3, run.out.lines().count(), run.toString());
    assertTrue(run.out.contains("What is our refund policy?"));
    assertTrue(run.err.contains("3 threads"));
  }

  // ---------------------------------------------------------------- show

  @Test void showJsonIsTheThreadAsTheServerHasIt() throws Exception {
    String id = server().seedExampleThreads().get(2);
    CliRun run = cli("show", id, "--json");
    assertEquals(0, run.status, run.toString());
    assertSameThread(ServerTruth.thread(server(), TOKEN, id), run.out);
    assertTrue(run.out.contains("\u201eAbwesenheiten\u201c"), "UTF-8 text kept");
  }

  @Test void showWritesTheConversation() {
    String id = server().createThread("alice", "Where is the office?", "Berlin, Torstra\u00dfe 1.");
    CliRun run = cli("show", id);
    assertEquals(0, run.status, run.toString());
    assertTrue(run.out.startsWith("# Where is the office?"), run.out);
    assertTrue(run.out.contains("user: Where is the office?\n"), run.out);
    assertTrue(run.out.contains("assistant: Berlin, Torstra\u00dfe 1.\n"), run.out);
  }

  @Test void optionsMayComeBeforeTheCommand() throws Exception {
    String id = server().createThread("alice", "Hello", "Hi!");
    CliRun run = CliRun.of(Map.of(), "--json", "--server", server().url().toString(), "--token", TOKEN,
        "--cache", cache.toString(), "show", id);
    assertEquals(0, run.status, run.toString());
    assertSameThread(ServerTruth.thread(server(), TOKEN, id), run.out);
  }

  @Test void showOfAnUnknownThreadIsNotFound() {
    CliRun run = cli("show", "wf_nope");
    assertEquals(4, run.status, run.toString());
    assertEquals("", run.out);
    assertEquals(1, run.err.lines().count(), run.toString());
    assertTrue(run.err.startsWith("error: not found"), run.err);
  }

  // ---------------------------------------------------------------- send

  @Test void sendJsonFollowsTheWorkflowAndPrintsTheServersThread() throws Exception {
    server().script().nextRound(Round.reply("Refunds take 5 days.").logs(3));
    CliRun run = cli("send", "What is our refund policy?", "--json");
    assertEquals(0, run.status, run.toString());
    assertEquals(1, run.out.lines().count(), "only the result on stdout: " + run);
    @SuppressWarnings("unchecked")
    Map<String, Object> printed = (Map<String, Object>) ServerTruth.parse(run.out);
    @SuppressWarnings("unchecked")
    String id = (String) ((Map<String, Object>) printed.get("workflow")).get("id");
    assertSameThread(ServerTruth.thread(server(), TOKEN, id), run.out);
    assertEquals("completed", ((Map<?, ?>) printed.get("workflow")).get("status"));
    assertEquals(6, ((List<?>) printed.get("items")).size(), "user, 3 logs, stat, answer, each once");
    assertTrue(run.err.contains("user: What is our refund policy?"), "progress on stderr: " + run);
    assertTrue(run.err.contains("assistant: Refunds take 5 days."), run.toString());
    assertEquals(1, server().countRequests("POST", "/api/chatbot/start/stream"));
  }

  @Test void sendPrintsItemsAsTheyArriveAndTheEnd() {
    server().script().nextRound(Round.reply("Fine, thanks.").logs(2));
    CliRun run = cli("send", "How are you?");
    assertEquals(0, run.status, run.toString());
    List<String> lines = run.out.lines().collect(java.util.stream.Collectors.toList());
    assertEquals("user: How are you?", lines.get(0), run.toString());
    assertEquals("assistant: Fine, thanks.", lines.get(lines.size() - 2), run.toString());
    assertTrue(lines.get(lines.size() - 1).startsWith("-- completed (wf_"), run.toString());
    assertEquals(6, lines.size(), "user, 2 logs, stat, answer, end: each once " + run);
  }

  @Test void sendContinuesAThread() throws Exception {
    String id = server().createThread("alice", "First question", "First answer");
    server().script().nextRound(Round.reply("Second answer"));
    CliRun run = cli("send", "--thread", id, "Second question", "--json");
    assertEquals(0, run.status, run.toString());
    assertSameThread(ServerTruth.thread(server(), TOKEN, id), run.out);
    assertTrue(run.out.contains("First answer") && run.out.contains("Second answer"), run.out);
  }

  @Test void sendToAnUnknownThreadIsNotFound() {
    CliRun run = cli("send", "--thread", "wf_missing", "Hello?");
    assertEquals(4, run.status, run.toString());
    assertEquals(0, server().countRequests("POST", "/api/chatbot/start/stream"));
  }

  @Test void aWorkflowThatFailsIsStillFollowedToItsEnd() throws Exception {
    server().script().nextRound(Round.failure("The knowledge base is unavailable."));
    CliRun run = cli("send", "Search the archive", "--json");
    assertEquals(0, run.status, run.toString());
    assertEquals("error", ((Map<?, ?>) ((Map<?, ?>) ServerTruth.parse(run.out)).get("workflow")).get("status"));
  }

  @Test void aStoppedWorkflowEndsTheSendWithSuccess() throws Exception {
    server().script().nextRound(Round.longRun(Duration.ofSeconds(30)));
    CompletableFuture<CliRun> send = CompletableFuture.supplyAsync(() -> cli("send", "Write a long essay", "--json"));
    server().awaitRequests("POST", "/api/chatbot/start/stream", 1, Duration.ofSeconds(10));
    String id = awaitRunningThread();
    CliRun stop = cli("stop", id);
    assertEquals(0, stop.status, stop.toString());
    assertEquals(id + " stopped", stop.out.trim());
    CliRun run = send.get(20, TimeUnit.SECONDS);
    assertEquals(0, run.status, run.toString());
    assertEquals("stopped", ((Map<?, ?>) ((Map<?, ?>) ServerTruth.parse(run.out)).get("workflow")).get("status"));
    assertSameThread(ServerTruth.thread(server(), TOKEN, id), run.out);
  }

  @Test void aBackendThatRefusesEverythingMakesTheSendGiveUp() {
    server().faults().nextRequests("POST", "/api/chatbot/start/stream", 10_000, Fault.status(503));
    CliRun run = cli("send", "Anyone there?", "--json", "--timeout", "400ms");
    assertEquals(5, run.status, run.toString());
    assertEquals("", run.out);
    assertEquals(1, run.errorLines().size(), run.toString());
    assertTrue(run.errorLines().get(0).contains("gave up"), run.toString());
  }

  @Test void aServerThatIsNotThereMakesTheSendGiveUpAfterTheTimeout() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CliRun run = CliRun.of(Map.of(), "send", "Hello?", "--server", "http://127.0.0.1:" + closedPort + "/",
        "--cache", cache.toString(), "--timeout", "1s");
    assertEquals(5, run.status, run.toString());
    assertEquals(1, run.errorLines().size(), run.toString());
    assertTrue(run.errorLines().get(0).contains("gave up"), run.toString());
  }

  @Test void aLongPromptComesFromAFileOrStandardInput() throws Exception {
    String prompt = "Summarise this log:\n" + "line of a long log file\n".repeat(8_000) + "end of the log";
    assertTrue(prompt.length() > 128 * 1024, "longer than one command-line argument may be");
    Path file = Files.writeString(cache.resolve("prompt.txt"), prompt + "\n");
    for (CliRun run : List.of(cli("send", "--prompt-file", file.toString(), "--json"),
        CliRun.withInput((prompt + "\r\n").getBytes(StandardCharsets.UTF_8), Map.of(dev.threadline.demo.Options.TOKEN_VARIABLE, TOKEN),
            "send", "--prompt-file", "-", "--json", "--server", server().url().toString(), "--cache", cache.toString()))) {
      assertEquals(0, run.status, run.err);
      Map<?, ?> firstItem = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ServerTruth.parse(run.out)).get("items")).get(0);
      assertEquals(prompt, ((Map<?, ?>) firstItem.get("item")).get("message"), "the prompt as the server got it");
    }
  }

  @Test void aPromptFileThatCannotBeReadIsAUsageError() {
    CliRun run = cli("send", "--prompt-file", cache.resolve("missing.txt").toString());
    assertEquals(2, run.status, run.toString());
    assertTrue(run.err.startsWith("error: cannot read --prompt-file"), run.err);
    assertEquals(0, server().countRequests("POST", "/api/chatbot/start/stream"));
  }

  @Test void cleartextToAnotherMachineNeedsItsOption() {
    server().seedExampleThreads();
    // 0.0.0.0 is not a loopback address to the SDK, yet reaches this machine's loopback server.
    String elsewhere = "http://0.0.0.0:" + server().url().port() + "/";
    CliRun refused = CliRun.of(Map.of(), "threads", "--server", elsewhere, "--token", TOKEN, "--cache", cache.toString());
    assertEquals(2, refused.status, refused.toString());
    assertEquals(1, refused.err.lines().count(), refused.toString());
    assertTrue(refused.err.contains("--allow-cleartext"), refused.err);
    assertFalse(refused.err.contains("allowCleartext("), refused.err);

    CliRun allowed = CliRun.of(Map.of(), "threads", "--server", elsewhere, "--allow-cleartext", "--token", TOKEN,
        "--cache", cache.toString());
    assertEquals(0, allowed.status, allowed.toString());
    assertEquals(3, allowed.out.lines().count(), allowed.toString());
  }

  @Test void aCacheThatCannotBeOpenedIsReportedAsACacheError() throws Exception {
    Path notAFolder = Files.writeString(cache.resolve("a-file"), "not a folder");
    CliRun run = CliRun.of(Map.of(dev.threadline.demo.Options.TOKEN_VARIABLE, TOKEN), "threads",
        "--server", server().url().toString(), "--cache", notAFolder.toString());
    assertEquals(1, run.status, run.toString());
    assertEquals(1, run.err.lines().count(), run.toString());
    assertTrue(run.err.startsWith("error: cache error: "), run.err);
  }

  @Test void aBadTokenIsNotAuthenticated() {
    for (String command : List.of("threads", "send")) {
      List<String> args = new ArrayList<>(List.of(command));
      if (command.equals("send")) args.add("hi");
      args.addAll(List.of("--server", server().url().toString(), "--token", "wrong", "--cache", cache.toString()));
      CliRun run = CliRun.of(Map.of(), args.toArray(new String[0]));
      assertEquals(3, run.status, run.toString());
      assertEquals(1, run.err.lines().count(), run.toString());
      assertTrue(run.err.startsWith("error: not authenticated"), run.toString());
    }
  }

  // ---------------------------------------------------------------- stop and delete

  @Test void stopOfAnUnknownThreadIsNotFound() {
    CliRun run = cli("stop", "wf_unknown");
    assertEquals(4, run.status, run.toString());
    assertEquals(1, run.err.lines().count(), run.toString());
  }

  @Test void stopOfAFinishedThreadKeepsItsStatus() {
    String id = server().createThread("alice", "Done?", "Done.");
    CliRun run = cli("stop", id, "--json");
    assertEquals(0, run.status, run.toString());
    assertTrue(run.out.contains("\"status\":\"completed\""), run.out);
  }

  @Test void deleteRemovesTheThread() {
    String id = server().createThread("alice", "Forget me", "Sure.");
    CliRun run = cli("delete", id);
    assertEquals(0, run.status, run.toString());
    assertEquals("deleted " + id, run.out.trim());
    assertFalse(server().hasThread(id));
    assertEquals(4, cli("delete", id).status, "a second delete finds nothing");
  }

  @Test void deleteOfAThreadTheUserMayNotDeleteIsForbidden() {
    String id = server().createThread("alice", "Shared", "Read only.");
    server().setReadOnly(id, true);
    CliRun run = cli("delete", id);
    assertEquals(3, run.status, run.toString());
    assertTrue(run.err.startsWith("error: forbidden"), run.err);
    assertTrue(server().hasThread(id));
  }

  @Test void anyOtherFailureIsStatusOne() {
    String id = server().createNonChatbotWorkflow("alice", "Nightly import");
    CliRun run = cli("delete", id);
    assertEquals(1, run.status, run.toString());
    assertEquals(1, run.err.lines().count(), run.toString());
    assertTrue(run.err.contains("not a chatbot workflow"), run.err);
  }

  // ---------------------------------------------------------------- offline

  @Test void offlineServesWhatWasCachedWithoutTheNetwork() throws Exception {
    String id = server().seedExampleThreads().get(0);
    CliRun online = cli("show", id, "--json");
    assertEquals(0, online.status, online.toString());
    assertEquals(0, cli("threads").status);
    int requests = server().requests().size();

    CliRun offline = cli("show", id, "--json", "--offline");
    assertEquals(0, offline.status, offline.toString());
    assertEquals(ServerTruth.parse(online.out), ServerTruth.parse(offline.out));
    assertEquals(ServerTruth.timeLiterals(online.out), ServerTruth.timeLiterals(offline.out));
    CliRun list = cli("threads", "--json", "--offline");
    assertEquals(0, list.status, list.toString());
    assertEquals(3, ((List<?>) ((Map<?, ?>) ServerTruth.parse(list.out)).get("items")).size());
    assertEquals(4, cli("show", "wf_not_cached", "--offline").status);
    assertEquals(requests, server().requests().size(), "offline touched the server");
  }

  // ---------------------------------------------------------------- usage

  @Test void usageErrorsAreStatusTwo() {
    List<List<String>> wrong = List.of(List.of("show"), List.of("show", "a", "b"), List.of("frobnicate"),
        List.of("threads", "--bogus"), List.of("--json"), List.of("send"), List.of("send", " "),
        List.of("threads", "--cache"), List.of("threads", "--cache", "--offline"), List.of("stop", "x", "--offline"),
        List.of("show", "x", "--thread", "y"), List.of("threads", "--server", "ftp://x"),
        List.of("threads", "--server", "http://"), List.of("threads", "--server", "https://exa mple.com"),
        List.of("threads", "--server", "http://[::1"), List.of("threads", "--server", "http://localhost:99999"),
        List.of("send", "hi", "--timeout", "soon"),
        List.of("send", "hi", "--timeout", "0s"), List.of("send", "hi", "--prompt-file", "p.txt"),
        List.of("show", "x", "--prompt-file", "p.txt"));
    for (List<String> args : wrong) {
      CliRun run = CliRun.of(Map.of(), args.toArray(new String[0]));
      assertEquals(2, run.status, args + ": " + run);
      assertEquals("", run.out, args.toString());
      assertEquals(1, run.err.lines().count(), args + ": " + run);
    }
  }

  @Test void helpPrintsTheUsage() {
    CliRun run = CliRun.of(Map.of(), "--help");
    assertEquals(0, run.status);
    assertTrue(run.out.contains("send [--thread ID] PROMPT"), run.out);
    assertTrue(run.out.contains("--prompt-file FILE"), run.out);
    assertTrue(run.out.contains("--allow-cleartext"), run.out);
    assertTrue(run.out.contains("--timeout DURATION") && run.out.contains("(default 30s for a command"), run.out);
  }

  @Test void withoutServerTheEmbeddedBackendAnswers() throws Exception {
    CliRun run = CliRun.of(Map.of(), "send", "hi", "--json", "--cache", cache.toString(), "--pacing-ms", "0");
    assertEquals(0, run.status, run.toString());
    Map<?, ?> printed = (Map<?, ?>) ServerTruth.parse(run.out);
    assertEquals("completed", ((Map<?, ?>) printed.get("workflow")).get("status"));
    CliRun threads = CliRun.of(Map.of(), "threads", "--json", "--cache", cache.toString());
    assertEquals(3, ((List<?>) ((Map<?, ?>) ServerTruth.parse(threads.out)).get("items")).size(),
        "a fresh embedded backend holds the example threads");
  }

  @Test void eachRunOfTheEmbeddedBackendIsANewWorldNotMixedIntoTheCache() throws Exception {
    CliRun first = CliRun.of(Map.of(), "send", "first run", "--json", "--cache", cache.toString(), "--pacing-ms", "0");
    CliRun second = CliRun.of(Map.of(), "send", "second run", "--json", "--cache", cache.toString(), "--pacing-ms", "0");
    assertEquals(0, first.status, first.toString());
    assertEquals(0, second.status, second.toString());
    String firstId = workflowIdOf(first.out);
    String secondId = workflowIdOf(second.out);
    assertFalse(firstId.equals(secondId), "a new backend's new thread has an id of its own");

    CliRun cachedSecond = CliRun.of(Map.of(), "show", secondId, "--offline", "--cache", cache.toString());
    assertEquals(0, cachedSecond.status, cachedSecond.toString());
    assertTrue(cachedSecond.out.contains("user: second run"), cachedSecond.out);
    assertFalse(cachedSecond.out.contains("first run"), cachedSecond.out);
    assertEquals(4, CliRun.of(Map.of(), "show", firstId, "--offline", "--cache", cache.toString()).status,
        "the earlier backend's thread is not cached as if a server still held it");
  }

  // ---------------------------------------------------------------- helpers

  private static String workflowIdOf(String printedThread) throws Exception {
    return (String) ((Map<?, ?>) ((Map<?, ?>) ServerTruth.parse(printedThread)).get("workflow")).get("id");
  }

  /** {@code printed} is {@code {"workflow", "items"}} equal to the server's thread read, times digit for digit. */
  private static void assertSameThread(String truth, String printed) throws Exception {
    Map<?, ?> expected = (Map<?, ?>) ServerTruth.parse(truth);
    Map<?, ?> actual = (Map<?, ?>) ServerTruth.parse(printed);
    assertEquals(List.of("workflow", "items"), new ArrayList<>(actual.keySet()));
    assertEquals(expected.get("workflow"), actual.get("workflow"));
    assertEquals(((Map<?, ?>) expected.get("chatData")).get("items"), actual.get("items"));
    assertEquals(ServerTruth.timeLiterals(truth), ServerTruth.timeLiterals(printed));
  }

  private String awaitRunningThread() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (var thread : server().threadsOf("alice")) {
        if ("running".equals(thread.workflow().statusText())) return thread.workflow().id();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no running thread");
  }
}
