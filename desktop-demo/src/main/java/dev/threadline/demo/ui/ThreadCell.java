package dev.threadline.demo.ui;

import dev.threadline.Workflow;
import dev.threadline.WorkflowStatus;
import dev.threadline.demo.view.StatusText;
import dev.threadline.demo.view.TimeText;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.time.Instant;
import java.util.function.Predicate;
import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.ListCellRenderer;

/** Draws one thread of the list: its name, and below it a status dot, the status and the last activity. */
final class ThreadCell extends JPanel implements ListCellRenderer<Workflow> {
  private final JLabel name = new JLabel();
  private final DotIcon dot = new DotIcon(7, Theme.FAINT);
  private final JLabel status = new JLabel(dot);
  private final JLabel time = new JLabel();
  private final Predicate<String> isActive;
  private boolean selected;

  /** @param isActive whether a thread has a round in flight in this window (shown as running). */
  ThreadCell(Predicate<String> isActive) {
    super(new BorderLayout(0, 3));
    this.isActive = isActive;
    setOpaque(false);
    setBorder(BorderFactory.createEmptyBorder(9, 16, 9, 16));
    name.setFont(Theme.semibold(13.5f));
    name.setForeground(Theme.TEXT);
    status.setFont(Theme.font(Font.PLAIN, 11.5f));
    time.setFont(Theme.font(Font.PLAIN, 11.5f));
    time.setForeground(Theme.FAINT);
    status.setIconTextGap(6);
    status.setHorizontalAlignment(JLabel.LEADING);
    // BorderLayout measures afresh on every layout; a renderer's labels change text on every cell.
    JPanel meta = new JPanel(new BorderLayout(8, 0));
    meta.setOpaque(false);
    meta.add(status, BorderLayout.CENTER);
    meta.add(time, BorderLayout.EAST);
    add(name, BorderLayout.NORTH);
    add(meta, BorderLayout.SOUTH);
  }

  @Override public Component getListCellRendererComponent(JList<? extends Workflow> list, Workflow workflow,
      int index, boolean isSelected, boolean cellHasFocus) {
    selected = isSelected;
    name.setText(workflow.name() == null || workflow.name().isBlank() ? "Untitled thread" : workflow.name());
    WorkflowStatus state = isActive.test(workflow.id()) ? WorkflowStatus.RUNNING : workflow.status();
    dot.setColor(Theme.color(StatusText.tone(state)));
    status.setText(StatusText.of(state, workflow.statusText()));
    status.setForeground(state == WorkflowStatus.RUNNING ? Theme.RUNNING : Theme.MUTED);
    time.setText(TimeText.relative(workflow.lastActivity(), Instant.now()));
    return this;
  }

  @Override protected void paintComponent(Graphics g) {
    if (selected) {
      Graphics2D g2 = (Graphics2D) g.create();
      g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g2.setColor(Theme.ACCENT_SOFT);
      g2.fillRoundRect(6, 2, getWidth() - 12, getHeight() - 4, 12, 12);
      g2.dispose();
    }
    super.paintComponent(g);
  }
}
