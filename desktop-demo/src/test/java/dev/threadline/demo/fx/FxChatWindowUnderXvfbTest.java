package dev.threadline.demo.fx;

import dev.threadline.demo.ui.WindowScenarioProcess;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link FxChatWindowScenario} in a real JavaFX window under Xvfb; screenshots in
 * {@code target/screenshots-javafx}. JavaFX renders in software ({@code prism.order=sw}): Xvfb has no GPU.
 */
class FxChatWindowUnderXvfbTest {
  @Test void theJavaFxWindowScenarioPassesInARealWindow() throws Exception {
    WindowScenarioProcess.run(FxChatWindowScenario.class, "screenshots-javafx", "javafx-window-scenario.log",
        List.of("-Dprism.order=sw"));
  }
}
