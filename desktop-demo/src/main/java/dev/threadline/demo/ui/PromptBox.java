package dev.threadline.demo.ui;

import java.awt.BorderLayout;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Insets;
import java.awt.RenderingHints;
import java.awt.event.ActionEvent;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.util.function.Consumer;
import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.KeyStroke;
import javax.swing.ScrollPaneConstants;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;

/**
 * Where the user writes: a growing text area with a placeholder and a Send button. Enter sends,
 * Shift+Enter starts a new line. Swing event thread only.
 */
public final class PromptBox extends JPanel {
  private final PlaceholderTextArea input = new PlaceholderTextArea();
  private final JButton send = new JButton("Send");
  private final Consumer<String> onSend;
  private boolean allowed = true;

  /** @param onSend told the trimmed prompt when the user sends one */
  public PromptBox(Consumer<String> onSend) {
    super(new BorderLayout(10, 0));
    this.onSend = onSend;
    setName("promptBox");
    setBackground(Theme.SURFACE);
    setBorder(BorderFactory.createCompoundBorder(BorderFactory.createMatteBorder(1, 0, 0, 0, Theme.BORDER),
        BorderFactory.createEmptyBorder(14, 28, 16, 28)));
    input.setName("promptInput");
    input.setFont(Theme.font(Font.PLAIN, 14f));
    input.setLineWrap(true);
    input.setWrapStyleWord(true);
    input.setRows(2);
    input.setMargin(new Insets(8, 10, 8, 10));
    input.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0), "send");
    input.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, InputEvent.SHIFT_DOWN_MASK), "insert-break");
    input.getActionMap().put("send", new AbstractAction() {
      @Override public void actionPerformed(ActionEvent event) {
        submit();
      }
    });
    input.getDocument().addDocumentListener(new DocumentListener() {
      @Override public void insertUpdate(DocumentEvent e) {
        updateSend();
      }

      @Override public void removeUpdate(DocumentEvent e) {
        updateSend();
      }

      @Override public void changedUpdate(DocumentEvent e) {
        updateSend();
      }
    });
    JScrollPane scroll = new JScrollPane(input);
    scroll.setHorizontalScrollBarPolicy(ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);
    scroll.putClientProperty("FlatLaf.style", "arc: 14");
    send.setName("sendButton");
    send.putClientProperty("JButton.buttonType", "roundRect");
    send.putClientProperty("FlatLaf.style",
        "background: #4F46E5; foreground: #FFFFFF; disabledBackground: #C7C9F6; disabledText: #FFFFFF;"
            + " arc: 14; borderWidth: 0; focusWidth: 0; font: +1 bold; margin: 6,18,6,18");
    send.addActionListener(event -> submit());
    add(scroll, BorderLayout.CENTER);
    add(send, BorderLayout.EAST);
    updateSend();
  }

  /** Sets the hint shown while the box is empty. */
  public void setPlaceholder(String placeholder) {
    input.placeholder = placeholder;
    input.repaint();
  }

  /** Whether sending is possible at all (not in offline mode). */
  public void setSendingAllowed(boolean allowed) {
    this.allowed = allowed;
    input.setEnabled(allowed);
    updateSend();
  }

  /** Moves the keyboard focus into the box. */
  public void focusInput() {
    input.requestFocusInWindow();
  }

  private void updateSend() {
    send.setEnabled(allowed && !input.getText().isBlank());
  }

  private void submit() {
    String prompt = input.getText().trim();
    if (!allowed || prompt.isEmpty()) return;
    input.setText("");
    onSend.accept(prompt);
  }

  /** A text area that paints a hint while empty. */
  private static final class PlaceholderTextArea extends JTextArea {
    String placeholder = "";

    @Override protected void paintComponent(Graphics g) {
      super.paintComponent(g);
      if (!getText().isEmpty() || placeholder.isEmpty()) return;
      Graphics2D g2 = (Graphics2D) g.create();
      g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g2.setColor(Theme.FAINT);
      g2.setFont(getFont());
      Insets insets = getInsets();
      g2.drawString(placeholder, insets.left, insets.top + g2.getFontMetrics().getAscent());
      g2.dispose();
    }
  }
}
