package dev.threadline.testkit.internal;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * All threads of the fake backend, in creation order, with their open streams. Every read and change goes
 * through this object's lock, so a stream's snapshot and its subscription see one consistent state.
 * Thread-safe.
 */
public final class ThreadRepository {
  private final Map<String, StoredThread> threads = new LinkedHashMap<>();
  /** Deleted threads whose streams were open when they went: closed with the server. */
  private final List<StoredThread> removedWithStreams = new ArrayList<>();
  private final Activity activity;

  /** A repository that reports every change to {@code activity}. */
  public ThreadRepository(Activity activity) {
    this.activity = activity;
  }

  synchronized StoredThread create(StoredThread thread) {
    threads.put(thread.id, thread);
    activity.changed();
    return thread;
  }

  /** The thread {@code id} if it exists and {@code user} owns it, else null. */
  synchronized StoredThread visible(String id, String user) {
    StoredThread thread = threads.get(id);
    return thread != null && thread.owner.equals(user) ? thread : null;
  }

  /** Runs {@code change} on the thread under the lock, unless its round generation moved past {@code generation}. */
  synchronized boolean change(StoredThread thread, long generation, Consumer<StoredThread> change) {
    if (thread.generation != generation || threads.get(thread.id) != thread) return false;
    change.accept(thread);
    activity.changed();
    return true;
  }

  /** Runs {@code read} on the thread under the lock (it may change it too). */
  synchronized <T> T with(StoredThread thread, Function<StoredThread, T> read) {
    T result = read.apply(thread);
    activity.changed();
    return result;
  }

  /** The threads {@code user} owns, in creation order, as read under the lock by {@code read}. */
  synchronized <T> List<T> ownedBy(String user, Function<StoredThread, T> read) {
    List<T> result = new ArrayList<>();
    for (StoredThread thread : threads.values()) {
      if (thread.owner.equals(user)) result.add(read.apply(thread));
    }
    return result;
  }

  /** Subscribes to the thread's live events only (the plain protocol: the snapshot comes from the store). */
  synchronized Subscription subscribeLive(StoredThread thread) {
    Subscription subscription = new Subscription();
    thread.subscribers.add(subscription);
    activity.changed();
    return subscription;
  }

  /**
   * Subscribes to the thread's events after item event {@code lastId} (from the current round's start if
   * negative): the backlog is queued first, then live events, with nothing lost or doubled in between.
   */
  synchronized Subscription subscribeAfter(StoredThread thread, int lastId) {
    Subscription subscription = new Subscription();
    for (StreamEvent event : thread.eventsAfter(lastId)) subscription.offer(event);
    thread.subscribers.add(subscription);
    activity.changed();
    return subscription;
  }

  synchronized void unsubscribe(StoredThread thread, Subscription subscription) {
    thread.subscribers.remove(subscription);
    activity.changed();
  }

  /** The items a new stream's snapshot sends: all, or for a continued round only this round's and later. */
  synchronized List<StoredItem> snapshot(StoredThread thread, boolean continuing) {
    List<StoredItem> result = new ArrayList<>();
    for (StoredItem item : thread.items) {
      Integer round = item.roundNumber();
      if (continuing && thread.currentRound > 1 && (round == null || round < thread.currentRound)) continue;
      result.add(item);
    }
    return result;
  }

  /**
   * Removes the thread and ends its round. Its open streams stay open, silent but for keepalives, until their
   * time limit (the backend's status check reacts only to {@code stopped}). Returns false if it was not there.
   */
  synchronized boolean remove(StoredThread thread) {
    if (threads.remove(thread.id) == null) return false;
    thread.generation++;
    if (!thread.subscribers.isEmpty()) removedWithStreams.add(thread);
    activity.changed();
    return true;
  }

  /** The thread as {@code GET /threads?workflowId=} gives it, or null if there is no such thread. */
  public synchronized ChatThread truth(String id) {
    StoredThread thread = threads.get(id);
    return thread == null ? null : toChatThread(thread);
  }

  /** All threads of {@code user}, in creation order. */
  public synchronized List<ChatThread> truthOf(String user) {
    return ownedBy(user, ThreadRepository::toChatThread);
  }

  /** The status of workflow {@code id}, or null if it does not exist. */
  public synchronized String status(String id) {
    StoredThread thread = threads.get(id);
    return thread == null ? null : thread.status;
  }

  /** Whether some workflow is running. */
  public synchronized boolean anyRunning() {
    for (StoredThread thread : threads.values()) if (thread.status.equals("running")) return true;
    return false;
  }

  /** Sets the read-only mark of thread {@code id}; false if there is no such thread. */
  public synchronized boolean setReadOnly(String id, boolean readOnly) {
    StoredThread thread = threads.get(id);
    if (thread == null) return false;
    thread.readOnly = readOnly;
    return true;
  }

  /** Ends every open stream (server shutdown). */
  public synchronized void closeAllStreams() {
    List<StoredThread> all = new ArrayList<>(threads.values());
    all.addAll(removedWithStreams);
    for (StoredThread thread : all) {
      for (Subscription subscription : thread.subscribers) subscription.close();
      thread.generation++;
    }
  }

  private static ChatThread toChatThread(StoredThread thread) {
    Workflow workflow = Workflow.fromJson(JsonText.write(thread.workflowTree(), JsonText.Style.COMPACT));
    List<ChatItem> items = new ArrayList<>();
    for (StoredItem item : thread.items) items.add(item.toChatItem());
    return new ChatThread(workflow, items);
  }
}
