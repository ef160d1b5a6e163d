package dev.threadline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A whole thread as the server has it: its workflow and all its items in the server's order. This is the
 * answer of {@code GET /threads?workflowId=}, and what a store loads. Immutable.
 */
public final class ChatThread {
  private final Workflow workflow;
  private final List<ChatItem> items;

  /**
   * Returns the thread of {@code workflow} holding {@code items} (copied).
   *
   * @throws NullPointerException if {@code workflow} or {@code items} is null, or {@code items} holds null
   */
  public ChatThread(Workflow workflow, List<ChatItem> items) {
    this.workflow = Objects.requireNonNull(workflow, "workflow");
    this.items = Collections.unmodifiableList(new ArrayList<>(items));
    // Refused here, not later in whatever reads the thread (a store, the merge, an app's list).
    if (this.items.contains(null)) throw new NullPointerException("items holds null");
  }

  /** The thread's workflow. Never null. */
  public Workflow workflow() {
    return workflow;
  }

  /** The thread's items, in order. Unmodifiable, never null. */
  public List<ChatItem> items() {
    return items;
  }

  @Override public boolean equals(@Nullable Object o) {
    if (!(o instanceof ChatThread)) return false;
    ChatThread that = (ChatThread) o;
    return workflow.equals(that.workflow) && items.equals(that.items);
  }

  @Override public int hashCode() {
    return 31 * workflow.hashCode() + items.hashCode();
  }

  @Override public String toString() {
    return "ChatThread(" + workflow.id() + ", " + items.size() + " items)";
  }
}
