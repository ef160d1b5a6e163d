package dev.threadline.internal;

import dev.threadline.ChangeSource;
import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.ChatbotException;
import dev.threadline.ConnectionState;
import dev.threadline.EpochSeconds;
import dev.threadline.MalformedResponseException;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadState;
import dev.threadline.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * What the observers of one thread see, and its cache: the merged model, the connection state shown, where
 * the data came from, the observers, and the writes and reads of the thread in the store. Knows nothing of
 * rounds or recovery ({@link ThreadController} drives it). Confined to the engine thread.
 */
final class ThreadView {
  private final StoreWriter store;
  private final ThreadListController list;
  private final RoundEvents events;
  private final List<Delivery<ThreadState>> observers = new ArrayList<>();
  /** The observers that asked for the server's copy only ({@code ReadPolicy.NETWORK_ONLY}): never shown the cache. */
  private final Set<Delivery<ThreadState>> networkOnly = Collections.newSetFromMap(new IdentityHashMap<>());
  private @Nullable String workflowId;
  private ThreadModel model = ThreadModel.EMPTY;
  private ConnectionState connection = ConnectionState.IDLE;
  private boolean fromCache;
  private boolean hasShownData;
  private boolean cacheRequested;
  private boolean cacheLoaded;
  private boolean networkLoaded;
  /** Whether the round's stream was lost, so that the next re-read repairs a discontinuity. */
  private boolean streamLost;
  private boolean healedByReread;
  private @Nullable String prompt;
  private long sentAtMillis;

  ThreadView(ThreadEngine engine, @Nullable String workflowId, RoundEvents events) {
    this.store = engine.store;
    this.list = engine.list;
    this.events = events;
    this.workflowId = workflowId;
    // A known thread shows what the device holds until the server answers; a new one has no cache.
    this.fromCache = workflowId != null;
  }

  @Nullable String workflowId() {
    return workflowId;
  }

  @Nullable Workflow workflow() {
    return model.workflow();
  }

  /** Whether anything shown came from the server (a stream item or a re-read). */
  boolean networkLoaded() {
    return networkLoaded;
  }

  boolean hasObservers() {
    return !observers.isEmpty();
  }

  /**
   * Adds {@code delivery}, which gets the current state at once if there is one to show; one that is
   * {@code networkOnly} is never shown a state from the cache.
   */
  void attach(Delivery<ThreadState> delivery, boolean networkOnly) {
    observers.add(delivery);
    if (networkOnly) this.networkOnly.add(delivery);
    if (hasShownData && !(networkOnly && fromCache)) delivery.offer(snapshot());
  }

  void detach(Delivery<ThreadState> delivery) {
    observers.remove(delivery);
    networkOnly.remove(delivery);
  }

  /** Takes over the observers of {@code other}, a view of the same thread that is being replaced. */
  void takeObservers(ThreadView other) {
    observers.addAll(other.observers);
    networkOnly.addAll(other.networkOnly);
  }

  ThreadState snapshot() {
    return ThreadState.builder().workflowId(workflowId).workflow(model.workflow()).items(model.items())
        .connection(connection).fromCache(fromCache).healedByReread(healedByReread).build();
  }

  void publish() {
    // The cached state comes first: nothing is shown of a known thread before its cache was read.
    if (workflowId != null && !cacheLoaded && !networkLoaded) return;
    hasShownData = true;
    // A send's first states come before its observer is attached: nobody to build one for.
    if (observers.isEmpty()) return;
    ThreadState state = snapshot();
    for (Delivery<ThreadState> observer : observers) {
      if (!(fromCache && networkOnly.contains(observer))) observer.offer(state);
    }
  }

  void publishError(ChatbotException error) {
    for (Delivery<ThreadState> observer : observers) observer.offerError(error);
  }

  /** Shows {@code state} as the connection. */
  void show(ConnectionState state) {
    connection = state;
    publish();
  }

  ConnectionState connection() {
    return connection;
  }

  // ---- the cache

  /** Reads the thread from the cache once; the result is merged on {@code engine}. */
  void requestCache(Executor engine) {
    if (cacheRequested || workflowId == null) return;
    cacheRequested = true;
    store.loadThread(workflowId, thread -> engine.execute(() -> onCacheLoaded(thread)));
  }

  private void onCacheLoaded(@Nullable ChatThread cached) {
    cacheLoaded = true;
    if (networkLoaded || cached == null) {
      if (!hasShownData) publish();
      return;
    }
    model = ThreadMerger.resync(model, cached).model;
    events.delivered(ChangeSource.CACHE, 0);
    if (hasPendingEcho()) model = model.withWorkflow(Placeholders.nextRound(cached.workflow(), null));
    fromCache = true;
    list.update(cached.workflow());
    publish();
  }

  /** Writes {@code upserts} and {@code removedKeys} with the workflow (a placeholder until one was read). */
  void persist(List<ChatItem> upserts, List<String> removedKeys) {
    if (workflowId == null) return;
    Workflow workflow = model.workflow();
    if (workflow == null) {
      workflow = Placeholders.runningWorkflow(workflowId, prompt, EpochSeconds.ofEpochMillis(sentAtMillis));
      model = model.withWorkflow(workflow);
    }
    store.write(new ThreadChange(workflow, upserts, removedKeys));
  }

  private void persist(ThreadMerger.Result result) {
    persist(result.upserts, result.removedKeys);
  }

  // ---- changes

  /** Shows {@code prompt}, sent at {@code sentAtMillis} for round {@code round} (null: unknown), as pending. */
  void echo(String prompt, long sentAtMillis, @Nullable Integer round) {
    this.prompt = prompt;
    this.sentAtMillis = sentAtMillis;
    streamLost = false;
    healedByReread = false;
    ChatItem echo = Placeholders.echo(prompt, round, EpochSeconds.ofEpochMillis(sentAtMillis));
    model = ThreadMerger.withPending(model, echo, round);
    events.delivered(ChangeSource.LOCAL_ECHO, 0);
    // While the new round runs, the thread shows it running, not how the last round ended.
    if (model.workflow() != null) model = model.withWorkflow(Placeholders.nextRound(model.workflow(), round));
    hasShownData = true;
  }

  private boolean hasPendingEcho() {
    List<ChatItem> items = model.items();
    return !items.isEmpty() && items.get(items.size() - 1).isPending();
  }

  /** Takes the pending echo away (the prompt was refused, or its round ended). */
  void unsend() {
    model = ThreadMerger.withoutPending(model);
  }

  /**
   * Whether a stream's {@code item} belongs to this thread; one naming another workflow is skipped, and one
   * naming none before the thread's id is known is kept, each with a warning to the observers.
   */
  boolean acceptsLive(ChatItem item) {
    if (workflowId == null) {
      publishError(SdkExceptions.get().malformed("event without workflowId before the thread's id was known", 0, null));
      return true;
    }
    return !ownItems(Collections.singletonList(item), "the stream").isEmpty();
  }

  /**
   * The one gate for the server's items, from streams and re-reads alike: an item naming another workflow
   * than this thread's is neither shown nor stored (so the screen and the cache hold the same thread), and
   * each is reported to observers as a protocol warning. An item naming no workflow is this thread's.
   */
  private List<ChatItem> ownItems(List<ChatItem> items, String source) {
    List<ChatItem> own = null;
    for (int i = 0; i < items.size(); i++) {
      ChatItem item = items.get(i);
      if (item.workflowId() == null || item.workflowId().equals(workflowId)) {
        if (own != null) own.add(item);
        continue;
      }
      if (own == null) own = new ArrayList<>(items.subList(0, i));
      publishError(SdkExceptions.get().malformed("item " + item.identityKey() + " of workflow " + item.workflowId()
          + " in " + source + " of " + workflowId + " skipped", 0, null));
    }
    return own == null ? items : own;
  }

  /**
   * Null when {@code thread} is this thread; otherwise the protocol error a re-read answering another
   * workflow is (its workflow would turn what is shown into another thread's, and be cached under its id),
   * reported to the observers.
   */
  @Nullable MalformedResponseException foreignRead(ChatThread thread) {
    if (thread.workflow().id().equals(workflowId)) return null;
    MalformedResponseException foreign = SdkExceptions.get().malformed("the re-read of " + workflowId
        + " answered workflow " + thread.workflow().id(), 0, null);
    publishError(foreign);
    return foreign;
  }

  /** Merges a stream's item; shown and written only when it changed something. */
  void mergeLive(ChatItem item) {
    mergeLive(item, null);
  }

  /**
   * Merges a stream's item; shown when it changed something. Written then too, and always when
   * {@code adopted} is not null: the items this thread held when the item named it (see {@link #adopt}),
   * which are written with it, after it is shown.
   */
  void mergeLive(ChatItem item, @Nullable List<ChatItem> adopted) {
    ThreadMerger.Result result = ThreadMerger.merge(model, Collections.singletonList(item));
    model = result.model;
    fromCache = false;
    networkLoaded = true;
    absorbed(ChangeSource.LIVE, result);
    // The screen first, then the cache: the observer's latency should not include queueing a write.
    if (result.itemsChanged()) publish();
    if (adopted != null) {
      List<ChatItem> upserts = new ArrayList<>(adopted);
      upserts.addAll(result.upserts);
      persist(upserts, result.removedKeys);
    } else if (result.itemsChanged()) {
      persist(result);
    }
  }

  private void absorbed(ChangeSource source, ThreadMerger.Result result) {
    events.delivered(source, result.duplicates);
    if (result.duplicates == 0) return;
    events.duplicatesAbsorbed(result.duplicates);
  }

  /**
   * Merges a re-read made while the stream is open. Merged, not resynced: items the stream delivers after
   * the server read this thread must not be removed.
   */
  void mergeWhileStreaming(ChatThread thread) {
    ThreadMerger.Result result =
        ThreadMerger.merge(model.withWorkflow(thread.workflow()), ownItems(thread.items(), "the re-read"));
    model = result.model;
    absorbed(ChangeSource.REREAD, result);
    publish();
    persist(result);
  }

  /** The round's stream broke: what it missed will be repaired by a re-read. */
  void streamLost() {
    streamLost = true;
  }

  /** The lost stream was resumed from its last event: nothing was missed, there is nothing to repair. */
  void streamResumed() {
    streamLost = false;
  }

  /** Merges a full re-read, which is authoritative; shown by the caller once it knows the round's state. */
  ThreadMerger.Result resync(ChatThread thread) {
    if (streamLost) healedByReread = true;
    streamLost = false;
    networkLoaded = true;
    fromCache = false;
    ThreadMerger.Result result =
        ThreadMerger.resync(model, new ChatThread(thread.workflow(), ownItems(thread.items(), "the re-read")));
    model = result.model;
    absorbed(ChangeSource.REREAD, result);
    persist(result);
    list.update(thread.workflow());
    return result;
  }

  /**
   * The server named this new thread {@code id}: from now on it is that thread. Returns the items it holds,
   * which the caller writes to the cache with it (the thread's first write).
   */
  List<ChatItem> adopt(String id) {
    workflowId = id;
    Workflow placeholder = Placeholders.runningWorkflow(id, prompt, EpochSeconds.ofEpochMillis(sentAtMillis));
    model = model.withWorkflow(placeholder);
    list.update(placeholder);
    List<ChatItem> known = new ArrayList<>();
    for (ChatItem item : model.items()) if (!item.isPending()) known.add(item);
    return known;
  }

  /** The server returned a newer {@code workflow} (e.g. from stop). */
  void updateWorkflow(Workflow workflow) {
    model = model.withWorkflow(workflow);
    persist(Collections.emptyList(), Collections.emptyList());
    publish();
  }

  /** The thread is gone: shows it empty and idle. */
  void clear() {
    model = ThreadModel.EMPTY;
    connection = ConnectionState.IDLE;
    publish();
  }
}
