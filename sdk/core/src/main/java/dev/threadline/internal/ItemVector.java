package dev.threadline.internal;

import dev.threadline.ChatItem;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An immutable list of items that appends in O(1) amortised and replaces in O(log₃₂ n), for snapshots
 * that observers keep while the thread grows.
 *
 * <p>A 32-way trie of full leaves plus a tail of up to 32 items. The tail's array is shared by every
 * vector made by appending to it: a vector sees only its first {@code size - tailOffset} slots, and an
 * append writes the next slot in place when no other vector has claimed it yet (the stream's case: each
 * snapshot is appended to once, by the one that holds the newest model). Appending to a vector whose
 * successor already claimed that slot copies the tail (32 references). Every slot a vector can see is
 * written before the vector is made and never again, so vectors are safe to share across threads.
 */
final class ItemVector {
  private static final int BITS = 5;
  private static final int WIDTH = 1 << BITS;
  private static final int MASK = WIDTH - 1;

  static final ItemVector EMPTY = new ItemVector(0, BITS, new Object[0], new Object[WIDTH], new AtomicInteger());

  private final int size;
  private final int shift;
  private final Object[] root;
  private final Object[] tail;
  /** How many of {@code tail}'s slots some vector sharing it has claimed. */
  private final AtomicInteger tailClaimed;

  private ItemVector(int size, int shift, Object[] root, Object[] tail, AtomicInteger tailClaimed) {
    this.size = size;
    this.shift = shift;
    this.root = root;
    this.tail = tail;
    this.tailClaimed = tailClaimed;
  }

  private ItemVector(int size, int shift, Object[] root, Object[] tail, int tailLength) {
    this(size, shift, root, tail, new AtomicInteger(tailLength));
  }

  /** The vector of {@code items}, built in one pass. */
  static ItemVector of(List<ChatItem> items) {
    int size = items.size();
    if (size == 0) return EMPTY;
    // Every 32 items a leaf; the last 1..32 the tail.
    int tailOffset = ((size - 1) >>> BITS) << BITS;
    @Nullable ItemVector vector = null;
    for (int from = 0; from <= tailOffset; from += WIDTH) {
      Object[] slots = new Object[WIDTH];
      int length = Math.min(WIDTH, size - from);
      for (int i = 0; i < length; i++) slots[i] = items.get(from + i);
      vector = vector == null ? new ItemVector(length, BITS, new Object[0], slots, length)
          : vector.withNextTail(slots, length);
    }
    // size > 0: the loop ran at least once.
    return Objects.requireNonNull(vector);
  }

  int size() {
    return size;
  }

  private int tailOffset() {
    return size < WIDTH ? 0 : ((size - 1) >>> BITS) << BITS;
  }

  private int tailLength() {
    return size - tailOffset();
  }

  ChatItem get(int index) {
    return (ChatItem) leafFor(index)[index & MASK];
  }

  /** The array holding {@code index}: the tail or a trie leaf. */
  private Object[] leafFor(int index) {
    if (index < 0 || index >= size) throw new IndexOutOfBoundsException("index " + index + ", size " + size);
    if (index >= tailOffset()) return tail;
    Object[] node = root;
    for (int level = shift; level > 0; level -= BITS) node = (Object[]) node[(index >>> level) & MASK];
    return node;
  }

  ChatItem last() {
    return get(size - 1);
  }

  ItemVector append(ChatItem item) {
    int length = tailLength();
    if (length < WIDTH) {
      // EMPTY's tail is never written: it is shared by every thread's first snapshot.
      if (size > 0 && tailClaimed.compareAndSet(length, length + 1)) {
        tail[length] = item;
        return new ItemVector(size + 1, shift, root, tail, tailClaimed);
      }
      Object[] slots = Arrays.copyOf(tail, WIDTH);
      Arrays.fill(slots, length, WIDTH, null);
      slots[length] = item;
      return new ItemVector(size + 1, shift, root, slots, length + 1);
    }
    Object[] slots = new Object[WIDTH];
    slots[0] = item;
    return withNextTail(slots, 1);
  }

  /**
   * This vector, whose tail is full (and every slot in it this vector's), with that tail as a leaf of the
   * trie and {@code slots}, holding {@code length} items, as the new tail.
   */
  private ItemVector withNextTail(Object[] slots, int length) {
    if ((size >>> BITS) > (1 << shift)) {
      Object[] newRoot = {root, path(shift, tail)};
      return new ItemVector(size + length, shift + BITS, newRoot, slots, length);
    }
    return new ItemVector(size + length, shift, pushLeaf(shift, root, tail), slots, length);
  }

  /** The vector with {@code item} at {@code index}. */
  ItemVector set(int index, ChatItem item) {
    if (index < 0 || index >= size) throw new IndexOutOfBoundsException("index " + index + ", size " + size);
    int offset = tailOffset();
    if (index >= offset) {
      Object[] slots = Arrays.copyOf(tail, WIDTH);
      int length = size - offset;
      Arrays.fill(slots, length, WIDTH, null);
      slots[index - offset] = item;
      return new ItemVector(size, shift, root, slots, length);
    }
    return new ItemVector(size, shift, setInTrie(shift, root, index, item), tail, tailClaimed);
  }

  /** The vector with {@code item} inserted at {@code index}: in the tail O(32), elsewhere a copy. */
  ItemVector insert(int index, ChatItem item) {
    if (index == size) return append(item);
    int offset = tailOffset();
    int length = size - offset;
    if (index >= offset && length < WIDTH) {
      Object[] slots = new Object[WIDTH];
      System.arraycopy(tail, 0, slots, 0, index - offset);
      slots[index - offset] = item;
      System.arraycopy(tail, index - offset, slots, index - offset + 1, length - (index - offset));
      return new ItemVector(size + 1, shift, root, slots, length + 1);
    }
    ChatItem[] all = toArray(size + 1, index);
    all[index] = item;
    return of(Arrays.asList(all));
  }

  /** The vector without the item at {@code index}: in the tail O(32), elsewhere a copy. */
  ItemVector remove(int index) {
    int offset = tailOffset();
    int length = size - offset;
    if (index >= offset && (length > 1 || size == 1)) {
      Object[] slots = new Object[WIDTH];
      System.arraycopy(tail, 0, slots, 0, index - offset);
      System.arraycopy(tail, index - offset + 1, slots, index - offset, length - (index - offset) - 1);
      return new ItemVector(size - 1, shift, root, slots, length - 1);
    }
    ChatItem[] all = toArray(size, -1);
    System.arraycopy(all, index + 1, all, index, size - index - 1);
    return of(Arrays.asList(all).subList(0, size - 1));
  }

  /** The items in an array of {@code length}, leaving slot {@code gap} free (none when negative). */
  private ChatItem[] toArray(int length, int gap) {
    ChatItem[] all = new ChatItem[length];
    for (int i = 0; i < size; i++) all[gap >= 0 && i >= gap ? i + 1 : i] = get(i);
    return all;
  }

  private Object[] pushLeaf(int level, Object[] parent, Object[] leaf) {
    int child = ((size - 1) >>> level) & MASK;
    Object[] copy = Arrays.copyOf(parent, child + 1);
    if (level == BITS) {
      copy[child] = leaf;
    } else {
      Object[] below = child < parent.length ? (Object[]) parent[child] : null;
      copy[child] = below == null ? path(level - BITS, leaf) : pushLeaf(level - BITS, below, leaf);
    }
    return copy;
  }

  private static Object[] path(int level, Object[] leaf) {
    return level == 0 ? leaf : new Object[] {path(level - BITS, leaf)};
  }

  private static Object[] setInTrie(int level, Object[] node, int index, ChatItem item) {
    Object[] copy = node.clone();
    if (level == 0) {
      copy[index & MASK] = item;
    } else {
      int child = (index >>> level) & MASK;
      copy[child] = setInTrie(level - BITS, (Object[]) node[child], index, item);
    }
    return copy;
  }
}
