package dev.threadline.internal.wire;

import dev.threadline.ChatItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The items of one cached thread's rows, decoded while the rows are still being read: what a store's
 * {@code loadThread} uses, whatever the rows are ({@code R}).
 *
 * <p>Reading a cached thread is two halves of about equal cost: the database's stepping with the columns'
 * copies, which must stay on the connection's thread, and decoding each record into a {@link ChatItem}. Rows
 * are gathered in chunks; each full chunk is offered to a helper thread, and whichever thread claims a chunk
 * first decodes it: the helper while the reading goes on, or the reader itself once every row is read. So a
 * second core halves the time to a cached thread on screen, and a helper that is busy elsewhere, or none at
 * all, only leaves the reader to do all the decoding itself. The helper never touches the database.
 *
 * <p>Not thread-safe: one reader adds the rows and then takes the items.
 *
 * @param <R> one row as the store reads it
 */
public final class CachedItemRows<R> {
  private static final int CHUNK_ROWS = 512;
  /** One core has nothing to gain from a helper: it would only take turns with the reader. */
  private static final @Nullable Executor HELPER =
      Runtime.getRuntime().availableProcessors() > 1 ? ForkJoinPool.commonPool() : null;

  /**
   * Decodes one row. May run on the helper thread, so it must not touch the database or the reader's state.
   *
   * @param <R> the row
   */
  public interface Decoder<R> {
    /**
     * The item of {@code row}.
     *
     * @throws IllegalArgumentException if the row cannot be read
     */
    ChatItem item(R row);
  }

  private final Decoder<R> decoder;
  private final List<Chunk<R>> chunks = new ArrayList<>();
  private Chunk<R> filling = new Chunk<>();

  /** Rows that {@code decoder} turns into items. */
  public CachedItemRows(Decoder<R> decoder) {
    this.decoder = decoder;
  }

  /** Adds the next row, in the thread's order. */
  public void add(R row) {
    filling.add(row);
    if (filling.size < CHUNK_ROWS) return;
    Chunk<R> full = filling;
    chunks.add(full);
    filling = new Chunk<>();
    if (HELPER != null) HELPER.execute(() -> full.decodeIfUnclaimed(decoder));
  }

  /**
   * The items of every row added, in the rows' order. Call once, after the last {@link #add}.
   *
   * @throws IllegalArgumentException for the first row, in that order, that cannot be read (what the decoder
   *     threw, whichever thread decoded it)
   */
  public List<ChatItem> items() {
    chunks.add(filling);
    int count = 0;
    for (Chunk<R> chunk : chunks) count += chunk.size;
    List<ChatItem> items = new ArrayList<>(count);
    for (Chunk<R> chunk : chunks) {
      chunk.decodeIfUnclaimed(decoder);
      chunk.awaitDecoded();
      rethrowFailure(chunk.failure);
      for (int i = 0; i < chunk.size; i++) items.add(chunk.items[i]);
    }
    return items;
  }

  /** Rows read together, and their items once one thread has decoded them. */
  private static final class Chunk<R> {
    final Object[] rows = new Object[CHUNK_ROWS];
    final ChatItem[] items = new ChatItem[CHUNK_ROWS];
    int size;
    final AtomicBoolean claimed = new AtomicBoolean();
    final CountDownLatch decoded = new CountDownLatch(1);
    // Written before the latch opens, read after it: the latch orders them. What the reader would have
    // thrown had it decoded the chunk itself.
    @Nullable Throwable failure;

    void add(R row) {
      rows[size++] = row;
    }

    @SuppressWarnings("unchecked") // rows holds only what add was given
    void decodeIfUnclaimed(Decoder<R> decoder) {
      if (!claimed.compareAndSet(false, true)) return;
      try {
        for (int i = 0; i < size; i++) {
          items[i] = decoder.item((R) rows[i]);
          // The row is garbage once decoded: a large thread need not be held twice.
          rows[i] = null;
        }
      } catch (RuntimeException | Error e) {
        failure = e;
      } finally {
        decoded.countDown();
      }
    }

    void awaitDecoded() {
      boolean interrupted = false;
      while (true) {
        try {
          decoded.await();
          break;
        } catch (InterruptedException e) {
          // The helper is decoding, which takes microseconds: wait for it, and keep the interrupt.
          interrupted = true;
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private static void rethrowFailure(@Nullable Throwable failure) {
    if (failure instanceof RuntimeException) throw (RuntimeException) failure;
    if (failure instanceof Error) throw (Error) failure;
  }
}
