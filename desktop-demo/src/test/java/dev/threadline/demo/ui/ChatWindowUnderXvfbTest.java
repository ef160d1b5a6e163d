package dev.threadline.demo.ui;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs {@link ChatWindowScenario} in a real Swing window under Xvfb; screenshots in {@code target/screenshots}. */
class ChatWindowUnderXvfbTest {
  @Test void theWindowScenarioPassesInARealWindow() throws Exception {
    WindowScenarioProcess.run(ChatWindowScenario.class, "screenshots", "window-scenario.log", List.of());
  }
}
