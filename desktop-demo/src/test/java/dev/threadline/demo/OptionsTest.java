package dev.threadline.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test void optionsMayComeBeforeOrAfterTheCommand() throws Exception {
    Options after = Options.parse(List.of("send", "hi", "--server", "https://chat.example.com", "--json"), Map.of());
    Options before = Options.parse(List.of("--json", "--server=https://chat.example.com", "send", "hi"), Map.of());
    for (Options options : List.of(after, before)) {
      assertEquals("send", options.command());
      assertEquals(List.of("hi"), options.arguments());
      assertEquals("https://chat.example.com", options.server());
      assertTrue(options.json());
    }
  }

  @Test void theTokenComesFromTheOptionOrTheEnvironment() throws Exception {
    assertEquals("env", Options.parse(List.of("threads"), Map.of(Options.TOKEN_VARIABLE, "env")).token());
    assertEquals("flag", Options.parse(List.of("threads", "--token", "flag"), Map.of(Options.TOKEN_VARIABLE, "env")).token());
    assertNull(Options.parse(List.of("threads"), Map.of()).token());
  }

  @Test void withoutACommandTheWindowOpens() throws Exception {
    Options options = Options.parse(List.of("--cache", "/tmp/c", "--offline"), Map.of());
    assertNull(options.command());
    assertEquals(Path.of("/tmp/c"), options.cache());
    assertTrue(options.offline());
  }

  @Test void theWindowIsSwingUnlessJavaFxIsChosen() throws Exception {
    assertEquals(Options.Ui.SWING, Options.parse(List.of(), Map.of()).ui());
    assertEquals(Options.Ui.JAVAFX, Options.parse(List.of("--ui", "javafx"), Map.of()).ui());
    assertEquals(Options.Ui.SWING, Options.parse(List.of("--ui=swing"), Map.of()).ui());
    assertThrows(UsageException.class, () -> Options.parse(List.of("--ui", "qt"), Map.of()));
    assertThrows(UsageException.class, () -> Options.parse(List.of("threads", "--ui", "javafx"), Map.of()));
  }

  @Test void aPromptStartingWithDashesFollowsTheEndOfOptions() throws Exception {
    assertEquals(List.of("--verbose please"), Options.parse(List.of("send", "--", "--verbose please"), Map.of()).arguments());
  }

  @Test void aCommandGivesUpSoonerThanTheWindowUnlessTheTimeoutSaysOtherwise() throws Exception {
    assertEquals(Options.DEFAULT_TIMEOUT, Options.parse(List.of("send", "hi"), Map.of()).timeout());
    assertNull(Options.parse(List.of(), Map.of()).timeout(), "the window keeps the SDK's budget");
    assertEquals(Duration.ofSeconds(90), Options.parse(List.of("send", "hi", "--timeout", "90s"), Map.of()).timeout());
    assertEquals(Duration.ofMinutes(5), Options.parse(List.of("send", "hi", "--timeout=5m"), Map.of()).timeout());
    assertEquals(Duration.ofMillis(500), Options.parse(List.of("send", "hi", "--timeout", "500ms"), Map.of()).timeout());
    assertEquals(Duration.ofSeconds(2), Options.parse(List.of("send", "hi", "--timeout", "2"), Map.of()).timeout());
  }

  @Test void thePromptMayComeFromAFile() throws Exception {
    Options options = Options.parse(List.of("send", "--prompt-file", "-"), Map.of());
    assertEquals(Options.STANDARD_INPUT, options.promptFile());
    assertEquals(List.of(), options.arguments());
    assertThrows(UsageException.class, () -> Options.parse(List.of("send", "hi", "--prompt-file", "p.txt"), Map.of()));
  }

  @Test void badCommandLinesAreUsageErrors() {
    assertThrows(UsageException.class, () -> Options.parse(List.of("send", "hi", "--pacing-ms", "fast"), Map.of()));
    assertThrows(UsageException.class, () -> Options.parse(List.of("delete"), Map.of()));
    assertThrows(UsageException.class, () -> Options.parse(List.of("threads", "extra"), Map.of()));
  }
}
