package dev.threadline.store.sqlite;

import dev.threadline.ChatItem;
import java.util.Comparator;

/** The item order {@link dev.threadline.ThreadStore} promises, compared exactly (as core's in-memory store does). */
final class StoreOrder {
  /**
   * A thread's items: by {@code createdAt} numerically, then {@code roundNumber} with missing first. Used
   * with a stable sort on rows read in insertion order, so full ties stay in first-insertion order.
   */
  static final Comparator<ChatItem> ITEMS = Comparator
      .comparing(ChatItem::createdAt)
      .thenComparing(ChatItem::roundNumber, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()));

  private StoreOrder() {}
}
