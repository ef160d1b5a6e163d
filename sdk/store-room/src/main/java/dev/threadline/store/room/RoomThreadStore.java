package dev.threadline.store.room;

import android.content.Context;
import android.database.Cursor;
import androidx.room.Room;
import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.EpochSeconds;
import dev.threadline.QueuedPrompt;
import dev.threadline.StoreException;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadStore;
import dev.threadline.Workflow;
import dev.threadline.internal.AccountFileName;
import dev.threadline.internal.wire.CachedItemRows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The Android cache: a {@link ThreadStore} on Room, one SQLite database per account.
 *
 * <p>The tables are the desktop SQLite store's ({@code workflows}, {@code items}): workflows and items are
 * kept as the server's whole JSON, an item's {@code createdAt} as its exact literal, so unknown fields and
 * types survive and close timestamps keep their order.
 *
 * <p>Thread-safe. Every method does disk I/O and blocks, so call it off the main thread (the client does:
 * it reads and writes its store from a background writer); Room refuses main-thread access. Failures,
 * including any call after {@link #close()}, are thrown as {@link StoreException}.
 */
public final class RoomThreadStore implements ThreadStore {

  private final ThreadDatabase database;
  private final ThreadDao dao;
  private final long sizeLimitBytes;
  private final QueueDao queue;
  private volatile boolean closed;

  private RoomThreadStore(ThreadDatabase database, long sizeLimitBytes) {
    this.database = database;
    this.dao = database.threads();
    this.sizeLimitBytes = sizeLimitBytes;
    this.queue = database.queue();
  }

  /**
   * Opens the cache of {@code account} with the {@link ThreadStore#DEFAULT_SIZE_LIMIT_BYTES default size
   * limit}; see {@link #open(Context, String, long)}.
   */
  public static RoomThreadStore open(Context context, String account) {
    return open(context, account, DEFAULT_SIZE_LIMIT_BYTES);
  }

  /**
   * Opens the cache of {@code account}, creating its database on first use and upgrading one written by an
   * older version of this library. Two accounts get two databases, so they never see each other's threads.
   * The database is opened lazily: this method does no I/O and may be called on the main thread.
   *
   * @param context any context of the app; its application context is kept
   * @param account a stable id of the signed-in account (any string: it is hashed into the file name)
   * @param sizeLimitBytes the payload size (see {@link #sizeBytes()}) the client keeps the cache within, by
   *     evicting the threads opened least recently; {@link ThreadStore#UNLIMITED} for no limit
   * @throws IllegalArgumentException if {@code sizeLimitBytes} is not positive
   */
  public static RoomThreadStore open(Context context, String account, long sizeLimitBytes) {
    Objects.requireNonNull(context, "context");
    if (sizeLimitBytes <= 0) throw new IllegalArgumentException("sizeLimitBytes " + sizeLimitBytes);
    ThreadDatabase database = Room
        .databaseBuilder(context.getApplicationContext(), ThreadDatabase.class, databaseName(account))
        .addMigrations(SchemaMigrations.ALL)
        .addCallback(SchemaMigrations.CREATE_TRIGGERS)
        .build();
    return new RoomThreadStore(database, sizeLimitBytes);
  }

  /**
   * The database name used for {@code account}: {@code threadline-} and the SHA-256 of the account id in
   * hex, so the id's characters never reach the file system and the name does not reveal it. An app that
   * forgets an account for good may pass it to {@link Context#deleteDatabase(String)} once its store is
   * closed.
   */
  public static String databaseName(String account) {
    return AccountFileName.of(account);
  }

  /**
   * {@inheritDoc} Reads in one transaction, so the page is one consistent state of the list.
   *
   * @throws IllegalArgumentException if {@code offset} or {@code limit} is negative
   */
  @Override public List<Workflow> loadThreads(int offset, int limit) {
    // SQLite reads a negative LIMIT as "no limit": refuse it rather than return everything.
    if (offset < 0 || limit < 0) throw new IllegalArgumentException("offset " + offset + ", limit " + limit);
    return call(() -> database.runInTransaction(() -> {
      List<WorkflowRow> page = dao.workflows(offset, limit);
      int timed = 0;
      while (timed < page.size() && page.get(timed).lastActivity != null) timed++;
      List<Workflow> workflows = new ArrayList<>(page.size());
      if (timed > 0) workflows.addAll(exactlyOrdered(offset, timed, page.get(0), page.get(timed - 1)));
      // Those without activity are ordered by id alone, which SQL does exactly.
      for (WorkflowRow row : page.subList(timed, page.size())) workflows.add(Workflow.fromJson(row.json));
      return workflows;
    }));
  }

  /**
   * The {@code count} workflows from list position {@code offset} on, in exact order. SQL orders by the
   * REAL {@code last_activity}, which rounds: workflows whose times differ beyond a double's precision tie
   * there, and such a tie may straddle the page's edges. Rounding keeps order between different doubles, so
   * the rows whose double lies between the page's first and last are whole ties and a contiguous span of
   * the exact order too: sorting that span exactly and cutting the page out of it gives the right slice.
   */
  private List<Workflow> exactlyOrdered(int offset, int count, WorkflowRow first, WorkflowRow last) {
    int spanStart = dao.countNewerThan(first.lastActivity);
    List<Workflow> span = new ArrayList<>();
    for (WorkflowRow row : dao.workflowsBetween(last.lastActivity, first.lastActivity)) {
      span.add(Workflow.fromJson(row.json));
    }
    // Sorted again by the exact timestamps: the SQL column is rounded.
    span.sort(THREAD_ORDER);
    return span.subList(offset - spanStart, offset - spanStart + count);
  }

  /** {@inheritDoc} The workflow and its items are read in one transaction: never half of a batch. */
  @Override public @Nullable ChatThread loadThread(String workflowId) {
    return call(() -> database.runInTransaction(() -> {
      WorkflowRow workflow = dao.workflow(workflowId);
      if (workflow == null) return null;
      // Decoded in chunks, about half of them on a second core where there is one.
      CachedItemRows<ItemRecord> rows = new CachedItemRows<>(ItemRecord::item);
      for (ItemRecord row : dao.items(workflowId)) rows.add(row);
      List<ChatItem> items = rows.items();
      // Stable: rows come in seq order, which breaks full ties.
      items.sort(ITEM_ORDER);
      return new ChatThread(Workflow.fromJson(workflow.json), items);
    }));
  }

  /** {@inheritDoc} The whole list is one Room transaction: after a crash, all of it is stored or none. */
  @Override public void apply(List<ThreadChange> changes) {
    run(() -> database.runInTransaction(() -> {
      for (ThreadChange change : changes) applyOne(change);
    }));
  }

  private void applyOne(ThreadChange change) {
    String workflowId = change.workflowId();
    Workflow workflow = change.workflow();
    EpochSeconds lastActivity = workflow.lastActivity();
    Double activity = lastActivity == null ? null : lastActivity.toDouble();
    if (dao.insertNewWorkflow(new WorkflowRow(workflowId, workflow.json(), activity, 0, 0)) == -1) {
      dao.updateWorkflow(workflowId, workflow.json(), activity);
    }
    for (String key : change.removedKeys()) dao.deleteItem(workflowId, key);
    if (change.upserts().isEmpty()) return;

    // New keys take the next seq numbers; stored keys are ignored by the insert and then replaced in
    // place, so they keep theirs. A key twice in one batch works the same way: the later copy wins.
    long seq = dao.maxSeq(workflowId);
    List<ItemRow> rows = new ArrayList<>(change.upserts().size());
    for (ChatItem item : change.upserts()) {
      rows.add(new ItemRow(workflowId, item.identityKey(), item.type(), item.createdAt().toString(),
          item.roundNumber(), item.itemJson(), ++seq));
    }
    long[] rowIds = dao.insertNewItems(rows);
    for (int i = 0; i < rowIds.length; i++) {
      if (rowIds[i] != -1) continue;
      ItemRow row = rows.get(i);
      dao.replaceItem(workflowId, row.identityKey, row.type, row.createdAt, row.roundNumber, row.itemJson);
    }
  }

  /** {@inheritDoc} Items and workflow go in one transaction. */
  @Override public void deleteThread(String workflowId) {
    run(() -> database.runInTransaction(() -> delete(workflowId)));
  }

  private void delete(String workflowId) {
    // Items first: the foreign key refuses to orphan them.
    dao.deleteItems(workflowId);
    dao.deleteWorkflow(workflowId);
  }

  @Override public long sizeBytes() {
    return call(dao::sizeBytes);
  }

  @Override public long sizeLimitBytes() {
    return sizeLimitBytes;
  }

  @Override public void markOpened(String workflowId) {
    run(() -> dao.markOpened(workflowId));
  }

  /** {@inheritDoc} One transaction: a crash during eviction leaves every thread stored. */
  @Override public List<String> evict(Set<String> keep) {
    Objects.requireNonNull(keep, "keep");
    return call(() -> database.runInTransaction(() -> {
      long excess = dao.sizeBytes() - sizeLimitBytes;
      List<String> evicted = new ArrayList<>();
      if (excess <= 0) return evicted;
      // Chosen first, deleted after: rows are not deleted under the cursor that reads them.
      try (Cursor rows = dao.byLastOpened()) {
        while (excess > 0 && rows.moveToNext()) {
          if (keep.contains(rows.getString(0))) continue;
          evicted.add(rows.getString(0));
          excess -= rows.getLong(1);
        }
      }
      for (String workflowId : evicted) delete(workflowId);
      return evicted;
    }));
  }

  /**
   * {@inheritDoc} The offline queue is emptied too. The database file stays; see {@link #databaseName(String)}
   * to delete it.
   */
  @Override public void clear() {
    run(() -> database.runInTransaction(() -> {
      dao.deleteAllItems();
      dao.deleteAllWorkflows();
      queue.clear();
    }));
  }

  @Override public List<QueuedPrompt> loadQueuedPrompts() {
    return call(() -> {
      List<QueuedPrompt> prompts = new ArrayList<>();
      for (QueuedPromptRow row : queue.all()) {
        prompts.add(QueuedPrompt.fromStored(row.id, row.position, row.inputJson, row.queuedAt));
      }
      return prompts;
    });
  }

  /** {@inheritDoc} One Room transaction of its own, committed before this returns. */
  @Override public void queuePrompt(QueuedPrompt prompt) {
    Objects.requireNonNull(prompt, "prompt");
    run(() -> queue.put(new QueuedPromptRow(prompt.id(), prompt.position(), prompt.input().workflowId(),
        prompt.inputJson(), prompt.queuedAtMillis())));
  }

  /** {@inheritDoc} One Room transaction of its own, committed before this returns. */
  @Override public boolean removeQueuedPrompt(String id) {
    Objects.requireNonNull(id, "id");
    return call(() -> queue.remove(id) > 0);
  }

  /** Closes the database. Idempotent; later calls of other methods throw {@link StoreException}. */
  @Override public void close() {
    closed = true;
    database.close();
  }

  private void run(Runnable body) {
    call(() -> {
      body.run();
      return null;
    });
  }

  private <T> T call(Supplier<T> body) {
    if (closed) throw new StoreException("store is closed", null);
    try {
      return body.get();
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      // SQLite errors (full disk, damaged file), stored JSON that no longer parses, Room's own refusals.
      throw new StoreException("Room store failed: " + e, e);
    }
  }
}
