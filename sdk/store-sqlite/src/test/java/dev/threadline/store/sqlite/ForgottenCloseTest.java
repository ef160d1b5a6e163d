package dev.threadline.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM whose app never calls {@code close()} exits when {@code main} returns (the SDK's threads are daemons)
 * and loses nothing it had shown: the client's exit hook writes the queued cache changes, and a second JVM
 * (this one) finds them all in the SQLite file.
 */
class ForgottenCloseTest {
  private static final int ANSWERS = 40;

  @TempDir Path dir;

  @Test void aJvmThatNeverClosesItsClientExitsWithEverythingShownInTheCache() throws Exception {
    List<String> items = new ArrayList<>();
    items.add(item(0, "user", "Hi"));
    for (int i = 1; i <= ANSWERS; i++) items.add(item(i, "assistant", "Part " + i + " of the answer."));
    StringBuilder stream = new StringBuilder();
    for (String item : items) stream.append("data: ").append(item).append("\n\n");
    String reread = "{\"workflow\": {\"id\": \"wf_1\", \"name\": \"Hi\", \"status\": \"completed\", "
        + "\"currentRound\": 1, \"workflowMode\": \"Chatbot\", \"lastActivity\": 1737331540.5}, "
        + "\"chatData\": {\"items\": [" + String.join(", ", items) + "]}}";

    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
          .body(stream.toString()).build());
      server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(reread).build());
      server.start();
      Path output = dir.resolve("app.out");
      Process app = new ProcessBuilder(java(), "-XX:TieredStopAtLevel=1", "-Xmx256m",
          "-Dorg.sqlite.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"), ForgetfulApp.class.getName(),
          dir.toString(), server.url("/").toString(), Integer.toString(items.size()))
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      // Generous: the point is that it exits at all (before, OkHttp's dispatcher held it for a minute).
      boolean exited = app.waitFor(45, TimeUnit.SECONDS);
      if (!exited) app.destroyForcibly().waitFor();
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      assertTrue(exited, "the app's JVM did not exit after main returned:\n" + printed);
      assertEquals(0, app.exitValue(), printed);
      assertTrue(printed.contains("returning from main"), printed);
    }

    try (SqliteThreadStore store = SqliteThreadStore.open(dir, "alice")) {
      ChatThread thread = store.loadThread("wf_1");
      assertNotNull(thread, "nothing of the thread was written");
      List<String> ids = new ArrayList<>();
      for (ChatItem item : thread.items()) ids.add(item.id());
      List<String> expected = new ArrayList<>();
      for (int i = 0; i <= ANSWERS; i++) expected.add("msg_" + i);
      assertEquals(expected, ids);
      assertEquals("Part " + ANSWERS + " of the answer.", thread.items().get(ANSWERS).message());
    }
  }

  /** One message event, as the stream and the re-read's {@code chatData.items} carry it. */
  private static String item(int n, String role, String message) {
    return "{\"type\": \"message\", \"createdAt\": " + (1737331539 + n) + ".5, \"item\": {\"id\": \"msg_" + n
        + "\", \"workflowId\": \"wf_1\", \"role\": \"" + role + "\", \"message\": \"" + message
        + "\", \"roundNumber\": 1, \"sequenceNr\": " + (n + 1) + "}}";
  }

  private static String java() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
