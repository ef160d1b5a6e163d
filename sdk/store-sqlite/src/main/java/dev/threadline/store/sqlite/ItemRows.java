package dev.threadline.store.sqlite;

import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import dev.threadline.StoreException;
import dev.threadline.internal.wire.ItemCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The items of one thread's rows, decoded while the rows are still being read.
 *
 * <p>Reading a cached thread is two halves of about equal cost: SQLite's stepping with the columns' copies,
 * which must stay on the connection's thread, and decoding each record into a {@link ChatItem}. Rows are
 * gathered in chunks; each full chunk is offered to a helper thread, and whichever thread claims a chunk
 * first decodes it: the helper while the reading goes on, or the reader itself once every row is read. So a
 * second core halves the time to a cached thread on screen, and a helper that is busy elsewhere, or none at
 * all, only leaves the reader to do all the decoding itself, as before.
 */
final class ItemRows {
  private static final int CHUNK_ROWS = 512;
  /** One core has nothing to gain from a helper: it would only take turns with the reader. */
  private static final @Nullable Executor HELPER =
      Runtime.getRuntime().availableProcessors() > 1 ? ForkJoinPool.commonPool() : null;

  private final String workflowId;
  private final List<Chunk> chunks = new ArrayList<>();
  private Chunk filling = new Chunk();

  ItemRows(String workflowId) {
    this.workflowId = workflowId;
  }

  /** Adds one row: its {@code type}, {@code created_at} and {@code item_json} columns' UTF-8 bytes. */
  void add(byte[] type, byte[] createdAt, byte[] itemJson) {
    filling.add(type, createdAt, itemJson);
    if (filling.size < CHUNK_ROWS) return;
    Chunk full = filling;
    chunks.add(full);
    filling = new Chunk();
    if (HELPER != null) HELPER.execute(() -> full.decodeIfUnclaimed(workflowId));
  }

  /**
   * The items of every row added, in the rows' order.
   *
   * @throws StoreException for the first row, in that order, that cannot be read
   */
  List<ChatItem> items() {
    chunks.add(filling);
    int count = 0;
    for (Chunk chunk : chunks) count += chunk.size;
    List<ChatItem> items = new ArrayList<>(count);
    for (Chunk chunk : chunks) {
      chunk.decodeIfUnclaimed(workflowId);
      chunk.awaitDecoded();
      rethrowFailure(chunk.failure);
      for (int i = 0; i < chunk.size; i++) items.add(chunk.items[i]);
    }
    return items;
  }

  /** Rows read together, and their items once one thread has decoded them. */
  private static final class Chunk {
    final byte[][] types = new byte[CHUNK_ROWS][];
    final byte[][] createdAts = new byte[CHUNK_ROWS][];
    final byte[][] itemJsons = new byte[CHUNK_ROWS][];
    final ChatItem[] items = new ChatItem[CHUNK_ROWS];
    int size;
    final AtomicBoolean claimed = new AtomicBoolean();
    final CountDownLatch decoded = new CountDownLatch(1);
    // Written before the latch opens, read after it: the latch orders them. What the reader would have
    // thrown had it decoded the chunk itself (a StoreException for a damaged row).
    @Nullable Throwable failure;

    void add(byte[] type, byte[] createdAt, byte[] itemJson) {
      types[size] = type;
      createdAts[size] = createdAt;
      itemJsons[size] = itemJson;
      size++;
    }

    void decodeIfUnclaimed(String workflowId) {
      if (!claimed.compareAndSet(false, true)) return;
      try {
        for (int i = 0; i < size; i++) {
          items[i] = item(workflowId, types[i], createdAts[i], itemJsons[i]);
          // The row's bytes are garbage once decoded: a large thread need not hold them all twice.
          types[i] = createdAts[i] = itemJsons[i] = null;
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

  private static ChatItem item(String workflowId, byte[] type, byte[] createdAt, byte[] itemJson) {
    try {
      return ItemCodec.item(new String(type, StandardCharsets.UTF_8),
          EpochSeconds.parse(new String(createdAt, StandardCharsets.UTF_8)), itemJson);
    } catch (IllegalArgumentException e) {
      throw ThreadReads.damaged("an item of thread " + workflowId, e);
    }
  }
}
