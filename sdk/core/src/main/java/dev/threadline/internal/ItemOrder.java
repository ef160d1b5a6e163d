package dev.threadline.internal;

import dev.threadline.ChatItem;
import java.util.Comparator;

/**
 * The order of a thread's items, the one rule the model, every store and the public
 * {@link dev.threadline.ThreadStore#ITEM_ORDER} share: {@code createdAt} numerically, then
 * {@code roundNumber} (missing first). Items equal in both keep the order in which they first arrived
 * (the model) or were first inserted (a store, by a stable sort of its rows in insertion order).
 */
public final class ItemOrder {
  /** By {@code createdAt} numerically, then {@code roundNumber}, missing first. */
  public static final Comparator<ChatItem> BY_TIME_AND_ROUND = ItemOrder::compare;

  private ItemOrder() {}

  static int compare(ChatItem a, ChatItem b) {
    int byTime = a.createdAt().compareTo(b.createdAt());
    if (byTime != 0) return byTime;
    Integer ra = a.roundNumber();
    Integer rb = b.roundNumber();
    if (ra == null) return rb == null ? 0 : -1;
    return rb == null ? 1 : Integer.compare(ra, rb);
  }
}
