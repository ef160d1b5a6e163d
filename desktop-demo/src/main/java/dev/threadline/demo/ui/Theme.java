package dev.threadline.demo.ui;

import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.FlatLightLaf;
import com.formdev.flatlaf.fonts.inter.FlatInterFont;
import dev.threadline.demo.view.Tone;
import java.awt.Color;
import java.awt.Font;
import java.awt.Insets;
import java.util.Map;
import javax.swing.UIManager;
import javax.swing.plaf.FontUIResource;

/** The demo's look: FlatLaf Light with the Inter font, an indigo accent, and the palette its panels share. */
public final class Theme {
  static final Color ACCENT = new Color(0x4F46E5);
  static final Color ACCENT_SOFT = new Color(0xEEF0FE);
  static final Color SIDEBAR = new Color(0xF7F7FA);
  static final Color SURFACE = Color.WHITE;
  static final Color BORDER = new Color(0xE6E7EC);
  static final Color TEXT = new Color(0x1C1F26);
  static final Color MUTED = new Color(0x6B7080);
  static final Color FAINT = new Color(0x9AA0AE);
  static final Color ASSISTANT_BUBBLE = new Color(0xF2F3F7);
  static final Color PENDING_BUBBLE = new Color(0xA5A1F3);
  static final Color RUNNING = new Color(0x2563EB);
  static final Color SUCCESS = new Color(0x16A34A);
  static final Color WARNING = new Color(0xD97706);
  static final Color DANGER = new Color(0xDC2626);

  private Theme() {}

  /** Installs the look and feel; call once on the Swing event thread before building windows. */
  public static void install() {
    FlatInterFont.install();
    FlatLaf.setPreferredFontFamily(FlatInterFont.FAMILY);
    FlatLaf.setGlobalExtraDefaults(Map.of("@accentColor", "#4F46E5"));
    FlatLightLaf.setup();
    UIManager.put("defaultFont", new FontUIResource(FlatInterFont.FAMILY, Font.PLAIN, 13));
    UIManager.put("Component.arc", 10);
    UIManager.put("Button.arc", 10);
    UIManager.put("TextComponent.arc", 10);
    UIManager.put("ProgressBar.arc", 999);
    UIManager.put("ScrollBar.thumbArc", 999);
    UIManager.put("ScrollBar.thumbInsets", new Insets(2, 2, 2, 2));
    UIManager.put("ScrollBar.width", 10);
    UIManager.put("ScrollBar.showButtons", false);
    UIManager.put("Component.focusWidth", 1);
  }

  /** The Inter font (or the default one) in {@code style} at {@code size} points. */
  static Font font(int style, float size) {
    Font base = UIManager.getFont("defaultFont");
    if (base == null) base = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    return base.deriveFont(style, size);
  }

  /** The semibold Inter face (or bold when it is missing). */
  static Font semibold(float size) {
    Font semibold = new Font(FlatInterFont.FAMILY_SEMIBOLD, Font.PLAIN, Math.round(size));
    return semibold.getFamily().equals(FlatInterFont.FAMILY_SEMIBOLD)
        ? semibold.deriveFont(size) : font(Font.BOLD, size);
  }

  /** The colour of {@code tone}. */
  static Color color(Tone tone) {
    switch (tone) {
      case RUNNING: return RUNNING;
      case SUCCESS: return SUCCESS;
      case WARNING: return WARNING;
      case DANGER: return DANGER;
      default: return FAINT;
    }
  }
}
