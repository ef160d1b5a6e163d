package dev.threadline.demo.ui;

import dev.threadline.ChatItem;
import dev.threadline.ThreadState;
import dev.threadline.Workflow;
import dev.threadline.demo.view.ConversationBlocks;
import java.awt.BorderLayout;
import java.awt.CardLayout;
import java.awt.Font;
import java.awt.GridBagLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollBar;
import javax.swing.JScrollPane;
import javax.swing.ScrollPaneConstants;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;

/**
 * The right side's transcript: messages as {@link MessageBubble}s, each round's logs as one
 * {@link ActivityLine}, statistics as a small footer under the round's answer, and items of unknown types
 * as a muted line. It follows live items while the user is at the bottom. Swing event thread only.
 */
public final class ConversationPanel extends JPanel {
  private static final String EMPTY = "empty";
  private static final String THREAD = "thread";

  private final CardLayout cards = new CardLayout();
  private final Transcript transcript = new Transcript();
  private final JScrollPane scroll = new JScrollPane(transcript);
  private final JLabel emptyTitle = new JLabel("", SwingConstants.CENTER);
  private final JLabel emptyHint = new JLabel("", SwingConstants.CENTER);
  private final Map<String, Boolean> expanded = new HashMap<>();
  private String shownThread;
  private List<ChatItem> shownItems = List.of();
  private Workflow shownWorkflow;
  private boolean shownActive;

  /** An empty conversation panel. */
  public ConversationPanel() {
    setLayout(cards);
    setName("conversation");
    setBackground(Theme.SURFACE);
    transcript.setName("transcript");
    transcript.setBorder(BorderFactory.createEmptyBorder(20, 28, 24, 28));
    scroll.setBorder(BorderFactory.createEmptyBorder());
    scroll.setHorizontalScrollBarPolicy(ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);
    scroll.getVerticalScrollBar().setUnitIncrement(24);
    scroll.getViewport().setBackground(Theme.SURFACE);

    JPanel empty = new JPanel(new GridBagLayout());
    empty.setName("emptyState");
    empty.setBackground(Theme.SURFACE);
    JPanel text = new JPanel();
    text.setOpaque(false);
    text.setLayout(new BoxLayout(text, BoxLayout.Y_AXIS));
    emptyTitle.setFont(Theme.semibold(20f));
    emptyTitle.setForeground(Theme.TEXT);
    emptyTitle.setAlignmentX(CENTER_ALIGNMENT);
    emptyHint.setFont(Theme.font(Font.PLAIN, 13.5f));
    emptyHint.setForeground(Theme.MUTED);
    emptyHint.setAlignmentX(CENTER_ALIGNMENT);
    emptyHint.setBorder(BorderFactory.createEmptyBorder(8, 0, 0, 0));
    text.add(emptyTitle);
    text.add(emptyHint);
    empty.add(text);

    add(empty, EMPTY);
    add(scroll, THREAD);
    showEmpty("Start a conversation", "Ask a question below; the answer streams in as it is written.");
  }

  /** Shows a centered message instead of a thread. */
  public void showEmpty(String title, String hint) {
    shownThread = null;
    shownItems = List.of();
    shownWorkflow = null;
    transcript.removeAll();
    emptyTitle.setText(title);
    emptyHint.setText("<html><div style='text-align:center;width:360px'>" + escape(hint) + "</div></html>");
    cards.show(this, EMPTY);
  }

  /** Shows {@code state}; a state of the thread already shown keeps the scroll position unless at the end. */
  public void show(ThreadState state) {
    String threadKey = state.workflowId() == null ? "(new)" : state.workflowId();
    boolean sameThread = threadKey.equals(shownThread) || ("(new)".equals(shownThread) && state.workflowId() != null);
    boolean active = ConversationBlocks.isActive(state.connection());
    if (sameThread && state.items().equals(shownItems) && Objects.equals(state.workflow(), shownWorkflow)
        && active == shownActive) {
      return;
    }
    if (!sameThread) expanded.clear();
    boolean follow = !sameThread || atBottom();
    shownThread = threadKey;
    shownItems = state.items();
    shownWorkflow = state.workflow();
    shownActive = active;
    if (state.items().isEmpty()) {
      showEmpty(state.isFromCache() || active ? "Loading…" : "No messages yet", " ");
      shownThread = threadKey;
      return;
    }
    rebuild(state, active);
    cards.show(this, THREAD);
    transcript.revalidate();
    transcript.repaint();
    if (follow) SwingUtilities.invokeLater(this::scrollToEnd);
  }

  private void rebuild(ThreadState state, boolean active) {
    transcript.removeAll();
    for (ConversationBlocks.Block block : ConversationBlocks.of(state)) transcript.add(component(block, state, active));
  }

  private JComponent component(ConversationBlocks.Block block, ThreadState state, boolean active) {
    if (block instanceof ConversationBlocks.Message message) {
      MessageBubble bubble = new MessageBubble(message.role(), message.text(), message.pending());
      if (message.footer() != null) bubble.setFooter(message.footer());
      return bubble;
    }
    if (block instanceof ConversationBlocks.Activity activity) {
      String round = activity.round();
      return new ActivityLine(activity.logs(), activity.summary(), expanded.getOrDefault(round, false), open -> {
        expanded.put(round, open);
        rebuild(state, active);
        transcript.revalidate();
        transcript.repaint();
      });
    }
    if (block instanceof ConversationBlocks.Stat stat) {
      JLabel label = new JLabel(stat.text());
      label.setName("stat");
      label.setFont(Theme.font(Font.PLAIN, 11.5f));
      label.setForeground(Theme.FAINT);
      label.setBorder(BorderFactory.createEmptyBorder(0, 42, 0, 0));
      return label;
    }
    return unknownItem(((ConversationBlocks.Unknown) block));
  }

  private static JComponent unknownItem(ConversationBlocks.Unknown unknown) {
    JLabel label = new JLabel(unknown.text());
    label.setName("unknownItem");
    label.setFont(Theme.font(Font.ITALIC, 12f));
    label.setForeground(Theme.FAINT);
    label.setBorder(BorderFactory.createEmptyBorder(0, 42, 0, 0));
    label.setToolTipText(unknown.item().itemJson());
    JPanel holder = new JPanel(new BorderLayout());
    holder.setOpaque(false);
    holder.add(label, BorderLayout.WEST);
    return holder;
  }

  private boolean atBottom() {
    JScrollBar bar = scroll.getVerticalScrollBar();
    return bar.getValue() + bar.getVisibleAmount() >= bar.getMaximum() - 48;
  }

  private void scrollToEnd() {
    transcript.validate();
    JScrollBar bar = scroll.getVerticalScrollBar();
    bar.setValue(bar.getMaximum());
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
