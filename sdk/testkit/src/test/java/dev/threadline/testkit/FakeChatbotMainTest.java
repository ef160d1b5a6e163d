package dev.threadline.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The standalone main's argument checks (running it blocks until the JVM stops). */
class FakeChatbotMainTest {
  @Test void rejectsUnknownOptionsAndBadTokens() {
    assertThrows(IllegalArgumentException.class, () -> FakeChatbotMain.main(new String[] {"--bogus"}));
    assertThrows(IllegalArgumentException.class, () -> FakeChatbotMain.main(new String[] {"--token", "no-user"}));
    assertThrows(IllegalArgumentException.class, () -> FakeChatbotMain.main(new String[] {"--resume", "maybe"}));
  }
}
