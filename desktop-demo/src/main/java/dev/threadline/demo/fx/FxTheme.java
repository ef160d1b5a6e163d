package dev.threadline.demo.fx;

import dev.threadline.demo.view.Tone;
import java.io.IOException;
import java.io.InputStream;
import javafx.scene.Scene;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/** The JavaFX window's look: the Inter font (from the Swing look's font jar), the stylesheet, the tones' colours. */
final class FxTheme {
  private static final String INTER = "/com/formdev/flatlaf/fonts/inter/Inter-";

  private FxTheme() {}

  /** Loads the fonts (once per JVM is enough; again is harmless) and styles {@code scene}. */
  static void apply(Scene scene) {
    for (String face : new String[] {"Regular", "SemiBold", "Italic"}) loadFont(INTER + face + ".otf");
    scene.getStylesheets().add(FxTheme.class.getResource("threadline.css").toExternalForm());
  }

  private static void loadFont(String resource) {
    try (InputStream in = FxTheme.class.getResourceAsStream(resource)) {
      if (in != null) Font.loadFont(in, 13);
    } catch (IOException e) {
      // The stylesheet falls back to the system's sans-serif face.
    }
  }

  /** The colour of {@code tone}, the Swing window's. */
  static Color color(Tone tone) {
    switch (tone) {
      case RUNNING: return Color.web("#2563EB");
      case SUCCESS: return Color.web("#16A34A");
      case WARNING: return Color.web("#D97706");
      case DANGER: return Color.web("#DC2626");
      default: return Color.web("#9AA0AE");
    }
  }
}
