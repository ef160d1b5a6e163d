package dev.threadline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ThreadStore} in memory: fast, and gone when the process ends. The client's default store.
 * Thread-safe.
 */
public final class InMemoryThreadStore implements ThreadStore {
  /**
   * The default size limit of a store in memory: 32 MiB of payload. It lives on the heap (about a byte per
   * character of JSON, plus the objects around it), so it is kept to a small share of a phone app's heap.
   */
  public static final long DEFAULT_SIZE_LIMIT_BYTES = 32L * 1024 * 1024;

  private static final Comparator<StoredThread> LEAST_RECENTLY_OPENED =
      Comparator.comparingLong((StoredThread t) -> t.lastOpened).thenComparing(t -> t.workflow.id());

  private final long sizeLimitBytes;
  private final Map<String, StoredThread> threads = new HashMap<>();
  private long sizeBytes;
  private long opens;
  private final Map<String, QueuedPrompt> queued = new HashMap<>();
  private boolean closed;

  /** An empty store with the {@link #DEFAULT_SIZE_LIMIT_BYTES default size limit}. */
  public InMemoryThreadStore() {
    this(DEFAULT_SIZE_LIMIT_BYTES);
  }

  /**
   * An empty store that eviction keeps within {@code sizeLimitBytes} ({@link ThreadStore#UNLIMITED} for no
   * limit).
   *
   * @throws IllegalArgumentException if {@code sizeLimitBytes} is not positive
   */
  public InMemoryThreadStore(long sizeLimitBytes) {
    if (sizeLimitBytes <= 0) throw new IllegalArgumentException("sizeLimitBytes " + sizeLimitBytes);
    this.sizeLimitBytes = sizeLimitBytes;
  }

  @Override public synchronized List<Workflow> loadThreads(int offset, int limit) {
    checkOpen();
    if (offset < 0 || limit < 0) throw new IllegalArgumentException("offset " + offset + ", limit " + limit);
    List<Workflow> all = new ArrayList<>();
    for (StoredThread thread : threads.values()) all.add(thread.workflow);
    all.sort(THREAD_ORDER);
    int from = Math.min(offset, all.size());
    int to = (int) Math.min((long) from + limit, all.size());
    return new ArrayList<>(all.subList(from, to));
  }

  @Override public synchronized @Nullable ChatThread loadThread(String workflowId) {
    checkOpen();
    StoredThread thread = threads.get(workflowId);
    if (thread == null) return null;
    List<ChatItem> ordered = new ArrayList<>(thread.items.values());
    ordered.sort(ITEM_ORDER);
    return new ChatThread(thread.workflow, ordered);
  }

  @Override public synchronized void apply(List<ThreadChange> changes) {
    checkOpen();
    for (ThreadChange change : changes) {
      StoredThread thread = threads.get(change.workflowId());
      if (thread == null) {
        thread = new StoredThread(change.workflow());
        threads.put(change.workflowId(), thread);
        sizeBytes += thread.bytes;
      } else {
        sizeBytes += thread.replaceWorkflow(change.workflow());
      }
      for (String key : change.removedKeys()) sizeBytes += thread.remove(key);
      for (ChatItem item : change.upserts()) sizeBytes += thread.upsert(item);
    }
  }

  @Override public synchronized void deleteThread(String workflowId) {
    checkOpen();
    StoredThread removed = threads.remove(workflowId);
    if (removed != null) sizeBytes -= removed.bytes;
  }

  @Override public synchronized void clear() {
    checkOpen();
    threads.clear();
    queued.clear();
    sizeBytes = 0;
  }

  @Override public synchronized long sizeBytes() {
    checkOpen();
    return sizeBytes;
  }

  @Override public long sizeLimitBytes() {
    return sizeLimitBytes;
  }

  @Override public synchronized void markOpened(String workflowId) {
    checkOpen();
    StoredThread thread = threads.get(workflowId);
    if (thread != null) thread.lastOpened = ++opens;
  }

  @Override public synchronized List<String> evict(Set<String> keep) {
    checkOpen();
    List<String> evicted = new ArrayList<>();
    if (sizeBytes <= sizeLimitBytes) return evicted;
    List<StoredThread> candidates = new ArrayList<>(threads.values());
    candidates.sort(LEAST_RECENTLY_OPENED);
    for (StoredThread thread : candidates) {
      if (sizeBytes <= sizeLimitBytes) break;
      String id = thread.workflow.id();
      if (keep.contains(id)) continue;
      deleteThread(id);
      evicted.add(id);
    }
    return evicted;
  }

  @Override public synchronized List<QueuedPrompt> loadQueuedPrompts() {
    checkOpen();
    List<QueuedPrompt> all = new ArrayList<>(queued.values());
    all.sort(QUEUE_ORDER);
    return all;
  }

  @Override public synchronized void queuePrompt(QueuedPrompt prompt) {
    checkOpen();
    queued.put(prompt.id(), prompt);
  }

  @Override public synchronized boolean removeQueuedPrompt(String id) {
    checkOpen();
    return queued.remove(id) != null;
  }

  @Override public synchronized void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) throw new StoreException("store is closed", null);
  }

  /** The UTF-8 length of {@code text}, counted without encoding it. */
  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** One thread: its workflow, its items by identity key in insertion order, its size and last opening. */
  private static final class StoredThread {
    // put() on an existing key keeps its place in a LinkedHashMap: replacement keeps insertion order.
    final LinkedHashMap<String, ChatItem> items = new LinkedHashMap<>();
    Workflow workflow;
    long bytes;
    /** The store's count of openings when this thread was last opened; 0 if never. */
    long lastOpened;

    StoredThread(Workflow workflow) {
      this.workflow = workflow;
      this.bytes = utf8Length(workflow.json());
    }

    /** Replaces the workflow; returns the change in bytes. */
    long replaceWorkflow(Workflow newer) {
      long delta = utf8Length(newer.json()) - utf8Length(workflow.json());
      workflow = newer;
      bytes += delta;
      return delta;
    }

    /** Stores {@code item} under its key; returns the change in bytes. */
    long upsert(ChatItem item) {
      ChatItem old = items.put(item.identityKey(), item);
      long delta = utf8Length(item.itemJson()) - (old == null ? 0 : utf8Length(old.itemJson()));
      bytes += delta;
      return delta;
    }

    /** Removes the item keyed {@code key}, if stored; returns the change in bytes. */
    long remove(String key) {
      ChatItem old = items.remove(key);
      long delta = old == null ? 0 : -utf8Length(old.itemJson());
      bytes += delta;
      return delta;
    }
  }
}
