package dev.threadline;

import static dev.threadline.Fixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * A 50 MB line and a line without end, with the default limits, in a JVM with a phone's 256 MB heap: the
 * heap survives and each send ends with a {@link GaveUpException} whose last cause is a
 * {@link MalformedResponseException} (the stream's event is too large, and so is every re-read that recovery tries). Run in a child JVM so that the heap is really that small.
 */
class SmallHeapTest {
  private static final String USER = message("msg_1", "user", "What is our refund policy?", 1, "1737331539.123456");

  @Test void hugeAndEndlessLinesLeaveA256MbHeapAliveAndEndTheSend() throws Exception {
    String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process child = new ProcessBuilder(javaBin, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp",
        System.getProperty("java.class.path"), SmallHeapTest.class.getName())
        .redirectErrorStream(true).start();
    if (!child.waitFor(120, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("the child JVM did not finish");
    }
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), output);
    assertEquals(List.of("50 MB line: GaveUpException(MalformedResponseException)", "endless line: GaveUpException(MalformedResponseException)"),
        Arrays.stream(output.split("\n")).filter(line -> line.contains(" line: ")).map(String::trim)
            .collect(Collectors.toList()), output);
  }

  /** The child: one send per body, against a local server, with the client's default limits. */
  public static void main(String[] args) throws Exception {
    System.out.println("50 MB line: " + send("data: " + USER + "\n\ndata: " + "a".repeat(50 << 20) + "\n\n", null));
    System.out.println("endless line: " + send("data: " + USER + "\n\ndata: ", "a"));
    System.exit(0);
  }

  private static String send(String stream, String endlessFill) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(endlessFill == null ? Fixtures.sse(stream)
          : HostileServers.endless("text/event-stream", stream, endlessFill));
      for (int i = 0; i < 50; i++) {
        server.enqueue(HostileServers.endless("application/json", "{\"chatData\": {\"items\": [{\"type\": \"", "a"));
      }
      try (ChatbotClient client = ChatbotClient.builder().baseUrl(server.url("/"))
          .backoff(BackoffPolicy.defaults().withInitialDelay(Duration.ofMillis(5)).withMaxDelay(Duration.ofMillis(20))
              .withBudget(Duration.ofMillis(1_000)))
          .build()) {
        client.send(UserInput.of("What is our refund policy?")).result().get(60, TimeUnit.SECONDS);
        return "completed";
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (!(cause instanceof GaveUpException)) return cause.getClass().getSimpleName() + ": " + cause;
        ChatbotException last = ((GaveUpException) cause).lastCause();
        return "GaveUpException(" + (last instanceof MalformedResponseException ? "MalformedResponseException" : String.valueOf(last)) + ")";
      }
    }
  }
}
