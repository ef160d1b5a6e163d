package dev.threadline.demo.ui;

import dev.threadline.ChatItem;
import dev.threadline.demo.view.ActivitySummary;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.GridBagLayout;
import java.util.List;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.UIManager;

/**
 * A round's log items folded into one line: what the assistant is doing (or how many steps it took), a
 * progress bar fed by the logs' {@code progress}, and, when expanded, every log line with its progress.
 */
public final class ActivityLine extends JPanel {
  private static final int INDENT = 38;

  private final JProgressBar progress = new JProgressBar(0, 100);
  private final JButton toggle = new JButton();
  private final JPanel details = new JPanel();

  /**
   * @param logs the round's log items, in order (a later copy of a log already replaced the earlier one)
   * @param summary the round's line: its text, progress and stage
   * @param expanded whether to list every log line
   * @param onToggle told the new expanded state when the user clicks the line
   */
  public ActivityLine(List<ChatItem> logs, ActivitySummary summary, boolean expanded, Consumer<Boolean> onToggle) {
    super(new BorderLayout(0, 6));
    setName("activity");
    setOpaque(false);
    setBorder(BorderFactory.createEmptyBorder(0, INDENT, 0, 0));
    boolean failed = summary.failed();
    boolean stopped = summary.stage() == ActivitySummary.Stage.STOPPED;
    int percent = summary.percent();
    toggle.setName("activity.toggle");
    toggle.setText(summary.text());
    toggle.setIcon(UIManager.getIcon(expanded ? "Tree.expandedIcon" : "Tree.collapsedIcon"));
    toggle.setIconTextGap(6);
    toggle.putClientProperty("JButton.buttonType", "borderless");
    toggle.setFont(Theme.font(Font.PLAIN, 12.5f));
    toggle.setForeground(failed ? Theme.DANGER : stopped ? Theme.WARNING : Theme.MUTED);
    toggle.setHorizontalAlignment(JButton.LEFT);
    toggle.setFocusable(false);
    toggle.addActionListener(event -> onToggle.accept(!expanded));

    progress.setName("activity.progress");
    progress.setValue(percent);
    progress.setPreferredSize(new Dimension(120, 6));
    progress.setForeground(failed ? Theme.DANGER : summary.stage() == ActivitySummary.Stage.RUNNING ? Theme.ACCENT
        : stopped ? Theme.WARNING : Theme.SUCCESS);
    progress.setToolTipText(percent + " %");
    JLabel percentLabel = new JLabel(percent + " %");
    percentLabel.setName("activity.percent");
    percentLabel.setFont(Theme.font(Font.PLAIN, 11.5f));
    percentLabel.setForeground(Theme.FAINT);
    JPanel bar = new JPanel();
    bar.setOpaque(false);
    bar.setLayout(new BoxLayout(bar, BoxLayout.X_AXIS));
    bar.add(progress);
    bar.add(Box.createHorizontalStrut(8));
    bar.add(percentLabel);
    bar.add(Box.createHorizontalStrut(12));
    JPanel barHolder = new JPanel(new GridBagLayout());
    barHolder.setOpaque(false);
    barHolder.add(bar);

    JPanel header = new JPanel(new BorderLayout(8, 0));
    header.setOpaque(false);
    header.add(toggle, BorderLayout.CENTER);
    header.add(barHolder, BorderLayout.EAST);
    add(header, BorderLayout.NORTH);

    details.setName("activity.details");
    details.setOpaque(false);
    details.setLayout(new BoxLayout(details, BoxLayout.Y_AXIS));
    details.setBorder(BorderFactory.createCompoundBorder(
        BorderFactory.createEmptyBorder(0, 14, 0, 0),
        BorderFactory.createCompoundBorder(BorderFactory.createMatteBorder(0, 2, 0, 0, Theme.BORDER),
            BorderFactory.createEmptyBorder(2, 12, 2, 0))));
    for (ChatItem log : logs) details.add(logLine(log));
    details.setVisible(expanded);
    add(details, BorderLayout.CENTER);
  }

  /** The progress shown, 0 to 100. */
  public int progressPercent() {
    return progress.getValue();
  }

  /** The summary text of the line. */
  public String summary() {
    return toggle.getText();
  }

  private static JPanel logLine(ChatItem log) {
    JPanel line = new JPanel(new BorderLayout(10, 0));
    line.setName("activity.log");
    line.setOpaque(false);
    line.setBorder(BorderFactory.createEmptyBorder(3, 0, 3, 0));
    boolean error = ActivitySummary.isError(log);
    StatusDot dot = new StatusDot(6, error ? Theme.DANGER : Theme.FAINT);
    JLabel text = new JLabel(ActivitySummary.message(log));
    text.setFont(Theme.font(Font.PLAIN, 12.5f));
    text.setForeground(error ? Theme.DANGER : Theme.MUTED);
    JLabel value = new JLabel(ActivitySummary.percentText(log));
    value.setFont(Theme.font(Font.PLAIN, 11.5f));
    value.setForeground(Theme.FAINT);
    line.add(dot, BorderLayout.WEST);
    line.add(text, BorderLayout.CENTER);
    line.add(value, BorderLayout.EAST);
    line.setMaximumSize(new Dimension(Integer.MAX_VALUE, line.getPreferredSize().height));
    return line;
  }
}
