package dev.threadline.demo.ui;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JTextArea;
import javax.swing.SwingConstants;

/**
 * One chat message as a bubble: the user's on the right in the accent colour, the assistant's on the left
 * in grey beside a small avatar. The text wraps at about 70 % of the conversation's width and can be
 * selected and copied. A pending prompt (sent, not yet confirmed by the server) is drawn lighter with
 * "Sending…" under it; a footer line (e.g. the round's statistics) may follow an assistant message.
 */
public final class MessageBubble extends JComponent implements HeightForWidth {
  private static final int PAD_X = 14;
  private static final int PAD_Y = 10;
  private static final int AVATAR = 28;
  private static final int AVATAR_GAP = 10;
  private static final int ARC = 18;
  private static final double MAX_FRACTION = 0.72;

  private final boolean fromUser;
  private final boolean pending;
  private final JTextArea text = new JTextArea();
  private final JLabel footer = new JLabel();
  private final JLabel avatar = new JLabel("AI", SwingConstants.CENTER);
  private final Color fill;

  /**
   * @param role the message's role ({@code user}, {@code assistant}, or another)
   * @param message the text
   * @param pending whether the server has not confirmed it yet
   */
  public MessageBubble(String role, String message, boolean pending) {
    this.fromUser = "user".equals(role);
    this.pending = pending;
    setName(pending ? "bubble.pending" : fromUser ? "bubble.user" : "bubble.assistant");
    this.fill = fromUser ? (pending ? Theme.PENDING_BUBBLE : Theme.ACCENT) : Theme.ASSISTANT_BUBBLE;
    text.setText(message == null ? "" : message);
    text.setName("bubble.text");
    text.setEditable(false);
    text.setLineWrap(true);
    text.setWrapStyleWord(true);
    text.setOpaque(false);
    text.setBorder(null);
    text.setFont(Theme.font(Font.PLAIN, 14f));
    text.setForeground(fromUser ? Color.WHITE : Theme.TEXT);
    text.setSelectionColor(fromUser ? new Color(255, 255, 255, 90) : new Color(0xC7D2FE));
    text.setSelectedTextColor(fromUser ? Color.WHITE : Theme.TEXT);
    add(text);
    footer.setName("bubble.footer");
    footer.setFont(Theme.font(Font.PLAIN, 11.5f));
    footer.setForeground(Theme.FAINT);
    footer.setVisible(pending);
    if (pending) footer.setText("Sending…");
    add(footer);
    if (!fromUser) {
      avatar.setFont(Theme.semibold(11f));
      avatar.setForeground(Color.WHITE);
      add(avatar);
    }
  }

  /** The message text. */
  public String text() {
    return text.getText();
  }

  /** Whether this is the user's message. */
  public boolean isFromUser() {
    return fromUser;
  }

  /** Whether this message awaits the server's confirmation. */
  public boolean isPending() {
    return pending;
  }

  /** Shows {@code line} in small type under the bubble (null hides it). */
  public void setFooter(String line) {
    if (pending) return;
    footer.setText(line);
    footer.setVisible(line != null);
    footer.setName(line == null ? "bubble.footer" : "stat");
    revalidate();
  }

  /** The footer line, or null. */
  public String footer() {
    return footer.isVisible() ? footer.getText() : null;
  }

  private int indent() {
    return fromUser ? 0 : AVATAR + AVATAR_GAP;
  }

  private int bubbleWidth(int width) {
    int max = (int) ((width - indent()) * MAX_FRACTION);
    FontMetrics metrics = text.getFontMetrics(text.getFont());
    int natural = 0;
    for (String line : text.getText().split("\n", -1)) natural = Math.max(natural, metrics.stringWidth(line));
    return Math.max(48, Math.min(natural + 2 * PAD_X + 2, max));
  }

  private int textHeight(int bubbleWidth) {
    text.setSize(bubbleWidth - 2 * PAD_X, Short.MAX_VALUE);
    return text.getPreferredSize().height;
  }

  @Override public int heightForWidth(int width) {
    int bubble = textHeight(bubbleWidth(width)) + 2 * PAD_Y;
    int below = footer.isVisible() ? footer.getPreferredSize().height + 4 : 0;
    return Math.max(bubble, fromUser ? 0 : AVATAR) + below;
  }

  @Override public Dimension getPreferredSize() {
    int width = getWidth() > 0 ? getWidth() : 640;
    return new Dimension(width, heightForWidth(width));
  }

  @Override public void doLayout() {
    int width = getWidth();
    int bubble = bubbleWidth(width);
    int x = fromUser ? width - bubble : indent();
    int textHeight = textHeight(bubble);
    text.setBounds(x + PAD_X, PAD_Y, bubble - 2 * PAD_X, textHeight);
    int bottom = textHeight + 2 * PAD_Y;
    Dimension footerSize = footer.getPreferredSize();
    footer.setBounds(fromUser ? width - footerSize.width - 4 : x + 4, bottom + 4, footerSize.width, footerSize.height);
    if (!fromUser) avatar.setBounds(0, Math.max(0, bottom - AVATAR), AVATAR, AVATAR);
  }

  @Override protected void paintComponent(Graphics g) {
    Graphics2D g2 = (Graphics2D) g.create();
    g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    int width = getWidth();
    int bubble = bubbleWidth(width);
    int x = fromUser ? width - bubble : indent();
    int height = text.getHeight() + 2 * PAD_Y;
    g2.setColor(fill);
    g2.fillRoundRect(x, 0, bubble, height, ARC, ARC);
    if (!fromUser) {
      g2.setColor(Theme.ACCENT);
      g2.fillOval(avatar.getX(), avatar.getY(), AVATAR, AVATAR);
    }
    g2.dispose();
  }
}
