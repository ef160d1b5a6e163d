package dev.threadline.internal;

import dev.threadline.ChatbotException;
import dev.threadline.PageRequest;
import dev.threadline.ReadPolicy;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadListState;
import dev.threadline.ThreadPage;
import dev.threadline.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The thread list: what its observers see (the cached threads first, then the server's first page, then
 * every change the engine reports), and where it comes from. Confined to the engine thread.
 */
final class ThreadListController {
  private final List<Delivery<ThreadListState>> observers = new ArrayList<>();
  /** Observers that asked for the server's list only ({@code ReadPolicy.NETWORK_ONLY}): never shown the cache. */
  private final Set<Delivery<ThreadListState>> networkOnly =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  private final Map<String, Workflow> threadsById = new HashMap<>();
  /**
   * The workflows of {@link #threadsById} in the list's order, kept with it: a thread added or changed is
   * put in its place, instead of the whole list being sorted again for each state shown (a new thread's
   * first item updates the list on its way to the screen).
   */
  private final List<Workflow> sorted = new ArrayList<>();
  /** The ids in {@link #threadsById} by thread name, kept with it, so that a send finds its namesakes at once. */
  private final Map<String, Set<String>> idsByName = new HashMap<>();
  private final BackendApi api;
  private final StoreWriter store;
  private final int pageSize;
  private final Executor engine;
  private final Predicate<String> hasThreadState;
  private boolean fromCache = true;
  private boolean loaded;
  private boolean cacheRequested;
  private boolean refreshing;
  private boolean paused;
  private boolean refreshWanted;
  /** The page after the last one loaded, or null when there is none. */
  private @Nullable PageRequest nextPage;

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

  /**
   * Ids of the threads the list holds that are named {@code name}. A send needs only these to tell its new
   * thread from those known before (the backend names a new thread after its first prompt); they are looked
   * up by name, since scanning every thread on each send cost time in proportion to the threads the client
   * knows (about 80 µs of the send path with a few thousand).
   */
  Set<String> idsNamed(String name) {
    Set<String> ids = idsByName.get(name);
    return ids == null ? new HashSet<>() : new HashSet<>(ids);
  }

  /** Holds {@code workflow} in the list; returns the one it replaces. */
  private @Nullable Workflow put(Workflow workflow) {
    Workflow old = threadsById.put(workflow.id(), workflow);
    if (old != null) unname(old);
    int at = Collections.binarySearch(sorted, workflow, WorkflowOrder.BY_RECENT_ACTIVITY);
    if (at >= 0) {
      // The order is total (ties by id): what sorts where this one does is the one it replaces.
      sorted.set(at, workflow);
    } else {
      if (old != null) sorted.remove(Collections.binarySearch(sorted, old, WorkflowOrder.BY_RECENT_ACTIVITY));
      sorted.add(-Collections.binarySearch(sorted, workflow, WorkflowOrder.BY_RECENT_ACTIVITY) - 1, workflow);
    }
    if (workflow.name() != null) idsByName.computeIfAbsent(workflow.name(), name -> new HashSet<>()).add(workflow.id());
    return old;
  }

  /** Drops thread {@code workflowId} from the list; whether it held it. */
  private boolean drop(String workflowId) {
    Workflow old = threadsById.remove(workflowId);
    if (old == null) return false;
    unname(old);
    sorted.remove(Collections.binarySearch(sorted, old, WorkflowOrder.BY_RECENT_ACTIVITY));
    return true;
  }

  private void unname(Workflow workflow) {
    if (workflow.name() == null) return;
    Set<String> ids = idsByName.get(workflow.name());
    if (ids == null) return;
    ids.remove(workflow.id());
    if (ids.isEmpty()) idsByName.remove(workflow.name());
  }

  void detach(Delivery<ThreadListState> delivery) {
    observers.remove(delivery);
    networkOnly.remove(delivery);
  }

  /**
   * Adds an observer: unless {@code policy} is network only it is shown the cache (read once); unless it is
   * cache only, the list is refreshed from the server.
   */
  void attach(Delivery<ThreadListState> delivery, ReadPolicy policy) {
    if (delivery.isClosed()) return;
    observers.add(delivery);
    if (policy == ReadPolicy.NETWORK_ONLY) networkOnly.add(delivery);
    if (loaded) {
      if (!(fromCache && networkOnly.contains(delivery))) delivery.offer(state());
    } else if (policy != ReadPolicy.NETWORK_ONLY && !cacheRequested) {
      cacheRequested = true;
      store.loadThreads(pageSize, cached -> engine.execute(() -> onCacheLoaded(cached)));
    }
    if (policy != ReadPolicy.CACHE_ONLY) refresh();
  }

  void onCacheLoaded(List<Workflow> cached) {
    if (!fromCache) return;
    for (Workflow workflow : cached) if (!threadsById.containsKey(workflow.id())) put(workflow);
    loaded = true;
    publish();
  }

  /** The network is gone: refreshes wait for it to come back (the list shows what it holds). */
  void pause() {
    paused = true;
  }

  /** The network is back: a refresh asked for meanwhile runs now. */
  void resume() {
    paused = false;
    if (!refreshWanted) return;
    refreshWanted = false;
    refresh();
  }

  void refresh() {
    if (paused) {
      refreshWanted = true;
      return;
    }
    if (!refreshing) fetch(PageRequest.firstPage(pageSize), true);
  }

  /** Loads the page after the last one loaded into the list; nothing when there is none, or one is loading. */
  void loadMore() {
    if (!paused && !refreshing && nextPage != null) fetch(nextPage, false);
  }

  private void fetch(PageRequest request, boolean first) {
    refreshing = true;
    api.enqueueAfter(store::whenWritten, () -> api.listThreads(request),
        body -> BackendApi.readThreadPage(body, request), engine)
        // Handed on as a task of its own: what a whenComplete action throws would vanish into its future.
        .whenComplete((page, error) -> engine.execute(() -> {
          refreshing = false;
          if (error != null) {
            publishError(RecoveryPolicy.unwrap(error));
            return;
          }
          nextPage = page.hasNextPage() ? page.nextPageRequest() : null;
          if (first) onRefreshed(page);
          else merge(page.threads());
        }));
  }

  private void onRefreshed(ThreadPage page) {
    if (page.totalItems() <= page.threads().size()) {
      // The page holds every thread: anything else cached was deleted elsewhere.
      Set<String> onServer = new HashSet<>();
      for (Workflow workflow : page.threads()) onServer.add(workflow.id());
      for (String id : new ArrayList<>(threadsById.keySet())) {
        if (!onServer.contains(id) && !hasThreadState.test(id)) {
          drop(id);
          store.deleteThread(id);
        }
      }
    }
    fromCache = false;
    loaded = true;
    merge(page.threads());
  }

  /**
   * Threads read from the server (a page of this list, or of the app's own list calls): held, shown and
   * cached; nothing is removed (a page of a filtered list says nothing of the threads it does not hold).
   */
  void merge(List<Workflow> workflows) {
    for (Workflow workflow : workflows) {
      put(workflow);
      if (!hasThreadState.test(workflow.id())) store.write(ThreadChange.workflowOnly(workflow));
    }
    if (loaded) publish();
  }

  void update(Workflow workflow) {
    Workflow old = put(workflow);
    if (!workflow.equals(old) && loaded) publish();
  }

  void remove(String workflowId) {
    if (drop(workflowId) && loaded) publish();
  }

  ThreadListState state() {
    return new ThreadListState(sorted, fromCache, nextPage != null);
  }

  void publish() {
    if (observers.isEmpty()) return;
    ThreadListState state = state();
    for (Delivery<ThreadListState> observer : observers) {
      if (!(fromCache && networkOnly.contains(observer))) observer.offer(state);
    }
  }

  void publishError(ChatbotException error) {
    for (Delivery<ThreadListState> observer : observers) observer.offerError(error);
  }
}
