package dev.threadline.demo.ui;

import dev.threadline.demo.view.HeaderText;
import java.awt.BorderLayout;
import java.awt.Font;
import java.awt.GridBagLayout;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;

/**
 * The bar above the conversation: the thread's title and status, the connection indicator, and the Stop
 * (while a round runs) and Delete buttons. Swing event thread only.
 */
public final class ConversationHeader extends JPanel {
  private final JLabel title = new JLabel();
  private final StatusDot statusDot = new StatusDot(7, Theme.FAINT);
  private final JLabel status = new JLabel();
  private final JButton stop = new JButton("Stop");
  private final JButton delete = new JButton("Delete");

  /**
   * @param indicator the connection indicator shown under the title
   * @param onStop run when the user clicks Stop
   * @param onDelete run when the user clicks Delete
   */
  public ConversationHeader(ConnectionIndicator indicator, Runnable onStop, Runnable onDelete) {
    super(new BorderLayout(12, 0));
    setName("conversationHeader");
    setBackground(Theme.SURFACE);
    setBorder(BorderFactory.createCompoundBorder(BorderFactory.createMatteBorder(0, 0, 1, 0, Theme.BORDER),
        BorderFactory.createEmptyBorder(14, 28, 12, 20)));
    title.setName("threadTitle");
    title.setFont(Theme.semibold(16f));
    title.setForeground(Theme.TEXT);
    status.setName("threadStatus");
    status.setFont(Theme.font(Font.PLAIN, 12f));
    status.setForeground(Theme.MUTED);

    JPanel meta = new JPanel();
    meta.setOpaque(false);
    meta.setLayout(new BoxLayout(meta, BoxLayout.X_AXIS));
    meta.add(statusDot);
    meta.add(Box.createHorizontalStrut(5));
    meta.add(status);
    meta.add(Box.createHorizontalStrut(10));
    JLabel separator = new JLabel("·");
    separator.setForeground(Theme.FAINT);
    meta.add(separator);
    meta.add(Box.createHorizontalStrut(10));
    meta.add(indicator);
    meta.add(Box.createHorizontalGlue());

    JPanel text = new JPanel(new BorderLayout(0, 4));
    text.setOpaque(false);
    text.add(title, BorderLayout.NORTH);
    text.add(meta, BorderLayout.SOUTH);

    stop.setName("stopButton");
    stop.putClientProperty("FlatLaf.style",
        "arc: 999; foreground: #B45309; borderColor: #F2C48D; focusedBorderColor: #F2C48D; margin: 4,14,4,14");
    stop.setToolTipText("Stop the running answer");
    stop.addActionListener(event -> onStop.run());
    delete.setName("deleteButton");
    delete.putClientProperty("FlatLaf.style",
        "arc: 999; foreground: #DC2626; borderColor: #F5C2C2; focusedBorderColor: #F5C2C2; margin: 4,14,4,14");
    delete.setToolTipText("Delete this thread");
    delete.addActionListener(event -> onDelete.run());
    JPanel buttons = new JPanel();
    buttons.setOpaque(false);
    buttons.setLayout(new BoxLayout(buttons, BoxLayout.X_AXIS));
    buttons.add(stop);
    buttons.add(Box.createHorizontalStrut(8));
    buttons.add(delete);
    JPanel buttonHolder = new JPanel(new GridBagLayout());
    buttonHolder.setOpaque(false);
    buttonHolder.add(buttons);

    add(text, BorderLayout.CENTER);
    add(buttonHolder, BorderLayout.EAST);
    show(HeaderText.newThread());
  }

  /** Shows a thread's title and status, and Stop and Delete where they apply. */
  public void show(HeaderText header) {
    title.setText(header.title());
    statusDot.setColor(Theme.color(header.tone()));
    status.setText(header.status());
    stop.setVisible(header.canStop());
    delete.setEnabled(header.canDelete());
    delete.setVisible(header.canDelete());
  }

  /** Enables or disables Stop while a stop request is under way. */
  public void setStopEnabled(boolean enabled) {
    stop.setEnabled(enabled);
  }
}
