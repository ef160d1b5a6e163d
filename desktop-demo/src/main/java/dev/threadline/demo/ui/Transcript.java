package dev.threadline.demo.ui;

import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.Insets;
import java.awt.LayoutManager;
import java.awt.Rectangle;
import javax.swing.JPanel;
import javax.swing.Scrollable;
import javax.swing.SwingConstants;

/**
 * The scrolling column of a conversation: children stacked top to bottom, each as wide as the viewport and
 * as tall as it needs at that width, with a gap between them.
 */
final class Transcript extends JPanel implements Scrollable {
  private static final int GAP = 12;

  Transcript() {
    setLayout(new StackLayout());
    setOpaque(true);
    setBackground(Theme.SURFACE);
  }

  @Override public Dimension getPreferredScrollableViewportSize() {
    return getPreferredSize();
  }

  @Override public int getScrollableUnitIncrement(Rectangle visible, int orientation, int direction) {
    return 24;
  }

  @Override public int getScrollableBlockIncrement(Rectangle visible, int orientation, int direction) {
    return orientation == SwingConstants.VERTICAL ? visible.height - 48 : visible.width;
  }

  @Override public boolean getScrollableTracksViewportWidth() {
    return true;
  }

  @Override public boolean getScrollableTracksViewportHeight() {
    return getParent() != null && getPreferredSize().height < getParent().getHeight();
  }

  private static int heightOf(Component child, int width) {
    return child instanceof HeightForWidth
        ? ((HeightForWidth) child).heightForWidth(width) : child.getPreferredSize().height;
  }

  /** Stacks children vertically at full width. */
  private static final class StackLayout implements LayoutManager {
    @Override public void addLayoutComponent(String name, Component comp) {}

    @Override public void removeLayoutComponent(Component comp) {}

    @Override public Dimension preferredLayoutSize(Container parent) {
      Insets insets = parent.getInsets();
      int width = parent.getWidth() > 0 ? parent.getWidth() : 640;
      int inner = width - insets.left - insets.right;
      int height = insets.top + insets.bottom;
      int visible = 0;
      for (Component child : parent.getComponents()) {
        if (!child.isVisible()) continue;
        height += heightOf(child, inner) + (visible++ > 0 ? GAP : 0);
      }
      return new Dimension(width, height);
    }

    @Override public Dimension minimumLayoutSize(Container parent) {
      return new Dimension(200, 0);
    }

    @Override public void layoutContainer(Container parent) {
      Insets insets = parent.getInsets();
      int inner = parent.getWidth() - insets.left - insets.right;
      int y = insets.top;
      for (Component child : parent.getComponents()) {
        if (!child.isVisible()) continue;
        int height = heightOf(child, inner);
        child.setBounds(insets.left, y, inner, height);
        y += height + GAP;
      }
    }
  }
}
