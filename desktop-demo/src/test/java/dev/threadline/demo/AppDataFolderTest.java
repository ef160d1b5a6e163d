package dev.threadline.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppDataFolderTest {
  private final Path home = Path.of("/home/ada");

  @Test void linuxUsesXdgDataHomeOrLocalShare() {
    assertEquals(Path.of("/data/threadline-demo"), AppDataFolder.forSystem("Linux", home, Map.of("XDG_DATA_HOME", "/data")));
    assertEquals(home.resolve(".local/share/threadline-demo"), AppDataFolder.forSystem("Linux", home, Map.of()));
    assertEquals(home.resolve(".local/share/threadline-demo"),
        AppDataFolder.forSystem("Linux", home, Map.of("XDG_DATA_HOME", "relative")), "relative XDG paths are ignored");
  }

  @Test void macOsUsesApplicationSupport() {
    assertEquals(home.resolve("Library/Application Support/threadline-demo"),
        AppDataFolder.forSystem("Mac OS X", home, Map.of()));
  }

  @Test void windowsUsesAppData() {
    assertEquals(Path.of("C:/Users/ada/AppData/Roaming").resolve("threadline-demo"),
        AppDataFolder.forSystem("Windows 11", home, Map.of("APPDATA", "C:/Users/ada/AppData/Roaming")));
  }
}
