package dev.threadline.demo;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's default cache folder: the operating system's per-user app-data folder plus
 * {@code threadline-demo} ({@code %APPDATA%} on Windows, {@code ~/Library/Application Support} on macOS,
 * {@code $XDG_DATA_HOME} or {@code ~/.local/share} elsewhere).
 */
public final class AppDataFolder {
  private static final String APP = "threadline-demo";

  private AppDataFolder() {}

  /** The folder for the current user and OS, read from {@code environment} and the system properties. */
  public static Path forCurrentUser(Map<String, String> environment) {
    return forSystem(System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")), environment);
  }

  /** The folder on the system named {@code osName} for the user whose home is {@code home}. */
  public static Path forSystem(String osName, Path home, Map<String, String> environment) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      String appData = environment.get("APPDATA");
      return (isSet(appData) ? Path.of(appData) : home.resolve("AppData").resolve("Roaming")).resolve(APP);
    }
    if (os.startsWith("mac")) return home.resolve("Library").resolve("Application Support").resolve(APP);
    String xdg = environment.get("XDG_DATA_HOME");
    Path base = isSet(xdg) && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".local").resolve("share");
    return base.resolve(APP);
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
