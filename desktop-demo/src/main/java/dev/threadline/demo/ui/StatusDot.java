package dev.threadline.demo.ui;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import javax.swing.JComponent;

/** A small filled circle in a status colour. */
final class StatusDot extends JComponent {
  private final int diameter;
  private Color color;

  StatusDot(int diameter, Color color) {
    this.diameter = diameter;
    this.color = color;
    setPreferredSize(new Dimension(diameter + 2, diameter + 2));
    setMinimumSize(getPreferredSize());
    setMaximumSize(getPreferredSize());
  }

  void setColor(Color color) {
    this.color = color;
    repaint();
  }

  Color color() {
    return color;
  }

  @Override protected void paintComponent(Graphics g) {
    Graphics2D g2 = (Graphics2D) g.create();
    g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g2.setColor(color);
    int y = (getHeight() - diameter) / 2;
    g2.fillOval(1, y, diameter, diameter);
    g2.dispose();
  }
}
