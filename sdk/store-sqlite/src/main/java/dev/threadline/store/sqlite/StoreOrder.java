package dev.threadline.store.sqlite;

import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import dev.threadline.Workflow;
import java.util.Comparator;

/** The orders {@link dev.threadline.ThreadStore} promises, compared exactly (as core's in-memory store does). */
final class StoreOrder {
  /** The thread list: most recent {@code lastActivity} first, those without it last, then by id. */
  static final Comparator<Workflow> THREADS = Comparator
      .comparing(Workflow::lastActivity, Comparator.nullsLast(Comparator.<EpochSeconds>reverseOrder()))
      .thenComparing(Workflow::id);

  /**
   * A thread's items: by {@code createdAt} numerically, then {@code roundNumber} with missing first. Used
   * with a stable sort on rows read in insertion order, so full ties stay in first-insertion order.
   */
  static final Comparator<ChatItem> ITEMS = Comparator
      .comparing(ChatItem::createdAt)
      .thenComparing(ChatItem::roundNumber, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()));

  private StoreOrder() {}
}
