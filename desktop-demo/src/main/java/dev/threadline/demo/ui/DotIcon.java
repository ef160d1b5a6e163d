package dev.threadline.demo.ui;

import java.awt.Color;
import java.awt.Component;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import javax.swing.Icon;

/** A filled circle as an icon, for labels that lead with a status colour. */
final class DotIcon implements Icon {
  private final int diameter;
  private Color color;

  DotIcon(int diameter, Color color) {
    this.diameter = diameter;
    this.color = color;
  }

  void setColor(Color color) {
    this.color = color;
  }

  @Override public void paintIcon(Component c, Graphics g, int x, int y) {
    Graphics2D g2 = (Graphics2D) g.create();
    g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g2.setColor(color);
    g2.fillOval(x, y, diameter, diameter);
    g2.dispose();
  }

  @Override public int getIconWidth() {
    return diameter;
  }

  @Override public int getIconHeight() {
    return diameter;
  }
}
