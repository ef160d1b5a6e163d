package dev.threadline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ThreadStore} in memory: fast, and gone when the process ends. The client's default store.
 * Thread-safe.
 */
public final class InMemoryThreadStore implements ThreadStore {
  private final Map<String, Workflow> workflows = new HashMap<>();
  private final Map<String, LinkedHashMap<String, ChatItem>> items = new HashMap<>();
  private final Map<String, QueuedPrompt> queued = new HashMap<>();
  private boolean closed;

  /** An empty store. */
  public InMemoryThreadStore() {}

  @Override public synchronized List<Workflow> loadThreads(int offset, int limit) {
    checkOpen();
    if (offset < 0 || limit < 0) throw new IllegalArgumentException("offset " + offset + ", limit " + limit);
    List<Workflow> all = new ArrayList<>(workflows.values());
    all.sort(THREAD_ORDER);
    int from = Math.min(offset, all.size());
    int to = (int) Math.min((long) from + limit, all.size());
    return new ArrayList<>(all.subList(from, to));
  }

  @Override public synchronized ChatThread loadThread(String workflowId) {
    checkOpen();
    Workflow workflow = workflows.get(workflowId);
    if (workflow == null) return null;
    LinkedHashMap<String, ChatItem> stored = items.get(workflowId);
    List<ChatItem> ordered = stored == null ? new ArrayList<>() : new ArrayList<>(stored.values());
    ordered.sort(ITEM_ORDER);
    return new ChatThread(workflow, ordered);
  }

  @Override public synchronized void apply(List<ThreadChange> changes) {
    checkOpen();
    for (ThreadChange change : changes) {
      workflows.put(change.workflowId(), change.workflow());
      LinkedHashMap<String, ChatItem> stored =
          items.computeIfAbsent(change.workflowId(), id -> new LinkedHashMap<>());
      for (String key : change.removedKeys()) stored.remove(key);
      // put() on an existing key keeps its place in a LinkedHashMap: replacement keeps insertion order.
      for (ChatItem item : change.upserts()) stored.put(item.identityKey(), item);
    }
  }

  @Override public synchronized void deleteThread(String workflowId) {
    checkOpen();
    workflows.remove(workflowId);
    items.remove(workflowId);
  }

  @Override public synchronized void clear() {
    checkOpen();
    workflows.clear();
    items.clear();
    queued.clear();
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
    if (closed) throw new StoreException("store is closed", 0, null, null);
  }
}
