package dev.threadline.internal;

import dev.threadline.ChatbotException;
import dev.threadline.PageRequest;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadListState;
import dev.threadline.ThreadPage;
import dev.threadline.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The thread list: what its observers see (the cached threads first, then the server's first page, then
 * every change the engine reports), and where it comes from. Confined to the engine thread.
 */
final class ThreadListController {
  private final List<Delivery<ThreadListState>> observers = new ArrayList<>();
  private final Map<String, Workflow> threadsById = new HashMap<>();
  private final BackendApi api;
  private final StoreWriter store;
  private final int pageSize;
  private final Executor engine;
  private final Predicate<String> hasThreadState;
  private boolean fromCache = true;
  private boolean loaded;
  private boolean refreshing;

  /**
   * @param engine the engine's serial executor, where every method must be called and results arrive
   * @param hasThreadState whether the engine holds a thread's own state (whose cache the engine writes)
   */
  ThreadListController(BackendApi api, StoreWriter store, int pageSize, Executor engine,
      Predicate<String> hasThreadState) {
    this.api = api;
    this.store = store;
    this.pageSize = pageSize;
    this.engine = engine;
    this.hasThreadState = hasThreadState;
  }

  /** Ids of every thread the list holds. */
  Set<String> knownIds() {
    return new HashSet<>(threadsById.keySet());
  }

  void detach(Delivery<ThreadListState> delivery) {
    observers.remove(delivery);
  }

  void attach(Delivery<ThreadListState> delivery) {
    if (delivery.isClosed()) return;
    observers.add(delivery);
    if (loaded) {
      delivery.offer(state());
    } else {
      store.loadThreads(pageSize, cached -> engine.execute(() -> onCacheLoaded(cached)));
    }
    refresh();
  }

  void onCacheLoaded(List<Workflow> cached) {
    if (!fromCache) return;
    for (Workflow workflow : cached) threadsById.putIfAbsent(workflow.id(), workflow);
    loaded = true;
    publish();
  }

  void refresh() {
    if (refreshing) return;
    refreshing = true;
    PageRequest first = PageRequest.firstPage(pageSize);
    api.enqueue(api.listThreads(first), body -> BackendApi.readThreadPage(body, first), engine)
        // Handed on as a task of its own: what a whenComplete action throws would vanish into its future.
        .whenComplete((page, error) -> engine.execute(() -> {
          refreshing = false;
          if (error != null) {
            publishError(ThreadEngine.unwrap(error));
            return;
          }
          onRefreshed(page);
        }));
  }

  void onRefreshed(ThreadPage page) {
    if (page.totalItems() <= page.threads().size()) {
      // The page holds every thread: anything else cached was deleted elsewhere.
      Set<String> onServer = new HashSet<>();
      for (Workflow workflow : page.threads()) onServer.add(workflow.id());
      for (String id : new ArrayList<>(threadsById.keySet())) {
        if (!onServer.contains(id) && !hasThreadState.test(id)) {
          threadsById.remove(id);
          store.deleteThread(id);
        }
      }
    }
    for (Workflow workflow : page.threads()) {
      threadsById.put(workflow.id(), workflow);
      if (!hasThreadState.test(workflow.id())) store.write(ThreadChange.workflowOnly(workflow));
    }
    fromCache = false;
    loaded = true;
    publish();
  }

  void update(Workflow workflow) {
    Workflow old = threadsById.put(workflow.id(), workflow);
    if (!workflow.equals(old) && loaded) publish();
  }

  void remove(String workflowId) {
    if (threadsById.remove(workflowId) != null && loaded) publish();
  }

  ThreadListState state() {
    List<Workflow> sorted = new ArrayList<>(threadsById.values());
    sorted.sort(WorkflowOrder.BY_RECENT_ACTIVITY);
    return new ThreadListState(sorted, fromCache);
  }

  void publish() {
    if (observers.isEmpty()) return;
    ThreadListState state = state();
    for (Delivery<ThreadListState> observer : observers) observer.offer(state);
  }

  void publishError(ChatbotException error) {
    for (Delivery<ThreadListState> observer : observers) observer.offerError(error);
  }
}
