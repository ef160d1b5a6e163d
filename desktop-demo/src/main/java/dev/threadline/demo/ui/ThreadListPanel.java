package dev.threadline.demo.ui;

import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotException;
import dev.threadline.ReadPolicy;
import dev.threadline.Subscription;
import dev.threadline.ThreadListObserver;
import dev.threadline.ThreadListState;
import dev.threadline.Workflow;
import dev.threadline.demo.view.ThreadList;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.Font;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.ListSelectionModel;
import javax.swing.ScrollPaneConstants;
import javax.swing.Timer;

/**
 * The left side of the window: the user's threads, most recently active first. It shows the cached list
 * at once and the server's as soon as it answers (both through {@link ChatbotClient#observeThreads}),
 * pages further with "Load more", and marks running threads. Used on the Swing event thread only.
 */
public final class ThreadListPanel extends JPanel {
  private final ChatbotClient client;
  private final Consumer<String> onSelect;
  private final DefaultListModel<Workflow> model = new DefaultListModel<>();
  private final JList<Workflow> list = new JList<>(model);
  private final JButton loadMore = new JButton("Load more");
  private final JLabel footer = new JLabel(" ");
  private final Set<String> activeThreads = new HashSet<>();
  private final ThreadList threads = new ThreadList();
  private boolean adjusting;
  private boolean offlineMode;
  private String wanted;
  private Subscription subscription;

  /**
   * @param onSelect told the id of the thread the user selects, or null when the selection is cleared
   * @param onNewChat run when the user asks for a new chat
   */
  public ThreadListPanel(ChatbotClient client, Consumer<String> onSelect, Runnable onNewChat) {
    super(new BorderLayout());
    this.client = client;
    this.onSelect = onSelect;
    setName("threadList");
    setBackground(Theme.SIDEBAR);
    setBorder(BorderFactory.createMatteBorder(0, 0, 0, 1, Theme.BORDER));
    setPreferredSize(new Dimension(300, 600));

    JLabel title = new JLabel("Threads");
    title.setFont(Theme.semibold(15f));
    title.setForeground(Theme.TEXT);
    JButton newChat = new JButton("New chat");
    newChat.setName("newChatButton");
    newChat.putClientProperty("FlatLaf.style", "arc: 999; font: -1; margin: 4,12,4,12");
    newChat.addActionListener(event -> {
      list.clearSelection();
      onNewChat.run();
    });
    JPanel top = new JPanel(new BorderLayout());
    top.setOpaque(false);
    top.setBorder(BorderFactory.createEmptyBorder(16, 16, 10, 12));
    top.add(title, BorderLayout.WEST);
    top.add(newChat, BorderLayout.EAST);

    list.setName("threadList.list");
    list.setCellRenderer(new ThreadCell(activeThreads::contains));
    list.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
    list.setBackground(Theme.SIDEBAR);
    list.setFixedCellHeight(-1);
    list.addListSelectionListener(event -> {
      if (event.getValueIsAdjusting() || adjusting) return;
      Workflow selected = list.getSelectedValue();
      wanted = selected == null ? null : selected.id();
      onSelect.accept(wanted);
    });
    JScrollPane scroll = new JScrollPane(list);
    scroll.setBorder(BorderFactory.createEmptyBorder());
    scroll.setHorizontalScrollBarPolicy(ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);
    scroll.getViewport().setBackground(Theme.SIDEBAR);

    loadMore.setName("loadMoreButton");
    loadMore.putClientProperty("JButton.buttonType", "borderless");
    loadMore.setVisible(false);
    loadMore.addActionListener(event -> loadNextPage());
    footer.setName("threadList.footer");
    footer.setFont(Theme.font(Font.PLAIN, 11.5f));
    footer.setForeground(Theme.FAINT);
    JPanel bottom = new JPanel(new BorderLayout());
    bottom.setOpaque(false);
    bottom.setBorder(BorderFactory.createEmptyBorder(6, 16, 10, 12));
    bottom.add(footer, BorderLayout.CENTER);
    bottom.add(loadMore, BorderLayout.EAST);

    add(top, BorderLayout.NORTH);
    add(scroll, BorderLayout.CENTER);
    add(bottom, BorderLayout.SOUTH);
    // Relative times ("2 min ago") age while the window is open.
    new Timer(30_000, event -> list.repaint()).start();
  }

  /** Starts observing the thread list. */
  public void start() {
    // Offline, no request leaves: the list is the cache's.
    ReadPolicy policy = offlineMode ? ReadPolicy.CACHE_ONLY : ReadPolicy.CACHE_THEN_NETWORK;
    subscription = client.observeThreads(policy, new ThreadListObserver() {
      @Override public void onChanged(ThreadListState state) {
        showFirstPage(state);
      }

      @Override public void onError(ChatbotException error) {
        if (!offlineMode) footer.setText(threads.refreshFailed());
      }
    });
  }

  /** The session serves cached data only: no paging, and the footer says so. */
  public void setOfflineMode(boolean offlineMode) {
    this.offlineMode = offlineMode;
    rebuild();
  }

  /** Stops observing. */
  public void stop() {
    if (subscription != null) subscription.close();
  }

  private void showFirstPage(ThreadListState state) {
    threads.showFirstPage(state);
    rebuild();
  }

  private void loadNextPage() {
    loadMore.setEnabled(false);
    client.listThreadsAsync(threads.nextPageRequest())
        .whenComplete((result, error) -> {
          loadMore.setEnabled(true);
          if (error != null) {
            footer.setText("Could not load more threads");
            return;
          }
          threads.addPage(result);
          rebuild();
        });
  }

  private void rebuild() {
    ThreadListState rows = threads.rows();
    adjusting = true;
    try {
      ListModelChanges.apply(model, rows.changes(), rows.threads());
      select(wanted);
    } finally {
      adjusting = false;
    }
    loadMore.setVisible(threads.hasMore() && !offlineMode);
    footer.setText(threads.footer(offlineMode));
  }

  /**
   * Selects thread {@code workflowId} (null clears the selection) without telling the listener; a thread
   * the list does not hold yet is selected when it arrives.
   */
  public void select(String workflowId) {
    wanted = workflowId;
    boolean wasAdjusting = adjusting;
    adjusting = true;
    try {
      int index = indexOf(workflowId);
      if (index < 0) {
        list.clearSelection();
      } else if (list.getSelectedIndex() != index) {
        list.setSelectedIndex(index);
        list.ensureIndexIsVisible(index);
      }
    } finally {
      adjusting = wasAdjusting;
    }
  }

  /** The selected thread's id, or null. */
  public String selectedId() {
    Workflow selected = list.getSelectedValue();
    return selected == null ? null : selected.id();
  }

  /** The workflow of thread {@code workflowId} as the list has it, or null. */
  public Workflow workflow(String workflowId) {
    int index = indexOf(workflowId);
    return index < 0 ? null : model.get(index);
  }

  /** Marks whether thread {@code workflowId} has a round in flight in this window. */
  public void setActive(String workflowId, boolean active) {
    if (workflowId == null) return;
    boolean changed = active ? activeThreads.add(workflowId) : activeThreads.remove(workflowId);
    if (changed) list.repaint();
  }

  /** Forgets a deleted thread also on pages loaded with "Load more". */
  public void forget(String workflowId) {
    if (threads.forget(workflowId)) rebuild();
  }

  private int indexOf(String workflowId) {
    if (workflowId == null) return -1;
    for (int i = 0; i < model.size(); i++) {
      if (model.get(i).id().equals(workflowId)) return i;
    }
    return -1;
  }
}
