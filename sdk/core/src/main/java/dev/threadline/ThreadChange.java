package dev.threadline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One thread's part of a store write: its workflow, the items to insert or replace (by
 * {@link ChatItem#identityKey()}), and the keys of items to remove. Immutable.
 */
public final class ThreadChange {
  private final Workflow workflow;
  private final List<ChatItem> upserts;
  private final List<String> removedKeys;

  /** A change writing {@code workflow}, upserting {@code upserts} and removing {@code removedKeys}. */
  public ThreadChange(Workflow workflow, List<ChatItem> upserts, List<String> removedKeys) {
    this.workflow = Objects.requireNonNull(workflow, "workflow");
    this.upserts = Collections.unmodifiableList(new ArrayList<>(upserts));
    this.removedKeys = Collections.unmodifiableList(new ArrayList<>(removedKeys));
    for (ChatItem item : this.upserts) {
      if (item.isPending()) throw new IllegalArgumentException("pending items are never stored: " + item);
    }
  }

  /** A change writing only the workflow (e.g. from a refreshed thread list). */
  public static ThreadChange workflowOnly(Workflow workflow) {
    return new ThreadChange(workflow, Collections.emptyList(), Collections.emptyList());
  }

  /** The thread's id. */
  public String workflowId() {
    return workflow.id();
  }

  /** The workflow to store, replacing the stored one. Never null. */
  public Workflow workflow() {
    return workflow;
  }

  /** Items to insert, or to replace where an item with the same identity key is stored. */
  public List<ChatItem> upserts() {
    return upserts;
  }

  /** Identity keys of items to remove. */
  public List<String> removedKeys() {
    return removedKeys;
  }

  @Override public String toString() {
    return "ThreadChange(" + workflow.id() + ", +" + upserts.size() + " -" + removedKeys.size() + ")";
  }
}
