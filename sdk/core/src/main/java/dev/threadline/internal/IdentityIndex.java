package dev.threadline.internal;

import dev.threadline.ChatItem;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Which arrival number each identity of a thread has: an open-addressing hash table of {@code long}
 * slots (the identity's hash and its arrival), with no key strings. The item itself, looked up by arrival
 * in the model, settles a hash collision.
 *
 * <p>Arrivals are numbered 0, 1, 2… and an index holds those below its {@link #count()}. Like
 * {@link ItemVector}'s tail, the table is shared by the indexes made by adding to it: an add writes its
 * slot in place when it claims the next arrival (no other index has), and copies the table otherwise or
 * when it is three quarters full. Slots of arrivals at or above an index's count are ignored by it.
 *
 * <p>Identity is {@link ChatItem#identityKey()}'s rule, compared on the fields: type and id, or, for an
 * item without an id, type, {@code createdAt} (numerically) and {@code roundNumber}.
 */
final class IdentityIndex {
  static final IdentityIndex EMPTY = new IdentityIndex(new long[16], new AtomicInteger(), 0);

  private final long[] table;
  /** How many arrivals the indexes sharing {@code table} have written into it. */
  private final AtomicInteger claimed;
  private final int count;

  private IdentityIndex(long[] table, AtomicInteger claimed, int count) {
    this.table = table;
    this.claimed = claimed;
    this.count = count;
  }

  /** How many arrivals the index holds. */
  int count() {
    return count;
  }

  /**
   * The index of the items of {@code byArrival} as arrivals 0, 1, 2…, or null if two of them have one
   * identity.
   */
  static @Nullable IdentityIndex of(ItemVector byArrival) {
    int count = byArrival.size();
    int capacity = 16;
    while (count * 4L > capacity * 3L) capacity *= 2;
    long[] table = new long[capacity];
    for (int arrival = 0; arrival < count; arrival++) {
      ChatItem item = byArrival.get(arrival);
      if (find(table, arrival, item, byArrival) >= 0) return null;
      put(table, hash(item), arrival);
    }
    return new IdentityIndex(table, new AtomicInteger(count), count);
  }

  /** The arrival of {@code item}'s identity, or -1; {@code byArrival} holds a copy of each identity by arrival. */
  int find(ChatItem item, ItemVector byArrival) {
    return find(table, count, item, byArrival);
  }

  private static int find(long[] slots, int count, ChatItem item, ItemVector byArrival) {
    int hash = hash(item);
    int mask = slots.length - 1;
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      long slot = slots[i];
      if (slot == 0) return -1;
      int arrival = (int) slot - 1;
      if (arrival >= 0 && arrival < count && (int) (slot >>> 32) == hash
          && sameIdentity(byArrival.get(arrival), item)) {
        return arrival;
      }
    }
  }

  /** This index with {@code item}'s identity, which it does not hold, as arrival {@link #count()}. */
  IdentityIndex add(ChatItem item) {
    int hash = hash(item);
    int capacity = table.length;
    // EMPTY's table is never written: it is shared by every thread's first index.
    if (count > 0 && (count + 1) * 4L <= capacity * 3L && claimed.compareAndSet(count, count + 1)) {
      put(table, hash, count);
      return new IdentityIndex(table, claimed, count + 1);
    }
    long[] slots = new long[(count + 1) * 4L <= capacity * 3L ? capacity : capacity * 2];
    for (long slot : table) {
      if (slot != 0 && (int) slot - 1 < count) put(slots, (int) (slot >>> 32), (int) slot - 1);
    }
    put(slots, hash, count);
    return new IdentityIndex(slots, new AtomicInteger(count + 1), count + 1);
  }

  private static void put(long[] slots, int hash, int arrival) {
    int mask = slots.length - 1;
    int i = spread(hash) & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = ((long) hash << 32) | (arrival + 1L);
  }

  private static int spread(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  static int hash(ChatItem item) {
    int h = item.type().hashCode();
    if (item.id() != null) return 31 * h + item.id().hashCode();
    return 31 * (31 * h + item.createdAt().hashCode()) + Objects.hashCode(item.roundNumber()) + 1;
  }

  static boolean sameIdentity(ChatItem a, ChatItem b) {
    if (!a.type().equals(b.type())) return false;
    if (a.id() != null) return a.id().equals(b.id());
    return b.id() == null && a.createdAt().equals(b.createdAt()) && Objects.equals(a.roundNumber(), b.roundNumber());
  }
}
