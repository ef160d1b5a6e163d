package dev.threadline.demo.ui;

import dev.threadline.ConnectionState;
import dev.threadline.demo.view.ConnectionText;
import dev.threadline.demo.view.Tone;
import java.awt.Font;
import java.time.Instant;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.Timer;

/**
 * How the shown thread's connection stands, in a few words and a coloured dot: live, connecting,
 * reconnecting in N s (with "Retry now"), catching up, offline showing cached data, or connection lost.
 * Swing event thread only.
 */
public final class ConnectionIndicator extends JPanel {
  private final StatusDot dot = new StatusDot(8, Theme.FAINT);
  private final JLabel label = new JLabel();
  private final JButton retry = new JButton("Retry now");
  private final Timer countdown;
  private ConnectionState connection = ConnectionState.IDLE;
  private boolean fromCache;
  private boolean offlineMode;

  /** @param onRetry run when the user asks to retry at once */
  public ConnectionIndicator(Runnable onRetry) {
    setName("connectionIndicator");
    setOpaque(false);
    setLayout(new BoxLayout(this, BoxLayout.X_AXIS));
    label.setName("connection.label");
    label.setFont(Theme.font(Font.PLAIN, 12f));
    retry.setName("connection.retry");
    retry.putClientProperty("JButton.buttonType", "borderless");
    retry.setFont(Theme.font(Font.PLAIN, 12f));
    retry.setForeground(Theme.ACCENT);
    retry.setBorder(BorderFactory.createEmptyBorder(2, 6, 2, 6));
    retry.setFocusable(false);
    retry.addActionListener(event -> onRetry.run());
    add(dot);
    add(Box.createHorizontalStrut(6));
    add(label);
    add(retry);
    countdown = new Timer(250, event -> render());
    render();
  }

  /** The whole session serves cached data only ({@code --offline}). */
  public void setOfflineMode(boolean offlineMode) {
    this.offlineMode = offlineMode;
    render();
  }

  /** Shows {@code connection}; {@code fromCache} tells whether the data shown is the cache's only. */
  public void show(ConnectionState connection, boolean fromCache) {
    this.connection = connection;
    this.fromCache = fromCache;
    render();
  }

  /** The text shown. */
  public String text() {
    return label.getText();
  }

  private void render() {
    ConnectionText shown = ConnectionText.of(connection, fromCache, offlineMode, Instant.now());
    label.setText(shown.text());
    label.setForeground(shown.tone() == Tone.NEUTRAL ? Theme.MUTED : Theme.TEXT);
    dot.setColor(Theme.color(shown.tone()));
    retry.setVisible(shown.retryable());
    boolean counting = ConnectionText.countsDown(connection, offlineMode);
    if (counting && !countdown.isRunning()) countdown.start();
    if (!counting && countdown.isRunning()) countdown.stop();
  }
}
