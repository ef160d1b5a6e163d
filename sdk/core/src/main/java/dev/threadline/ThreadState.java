package dev.threadline;

import dev.threadline.internal.ImmutableList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an observer of one thread sees: the workflow, its items in order, how its connection stands, and
 * where the data came from. Immutable; every change produces a new state, and a slow observer skips to the
 * latest one (it never sees a torn state).
 */
public final class ThreadState {
  private final @Nullable String workflowId;
  private final @Nullable Workflow workflow;
  private final List<ChatItem> items;
  private final ConnectionState connection;
  private final boolean fromCache;
  private final boolean healedByReread;
  /**
   * The items of the state this one's changes lead from, or null for a reset. Only that list is kept, never
   * the state, so that states do not chain; the changes are computed when first asked for, so that an
   * observer that never asks pays nothing.
   */
  private final @Nullable List<ChatItem> changedFrom;
  private @Nullable ListChanges changes;

  private ThreadState(@Nullable String workflowId, @Nullable Workflow workflow, List<ChatItem> items,
      ConnectionState connection, boolean fromCache, boolean healedByReread, @Nullable List<ChatItem> changedFrom) {
    this.workflowId = workflowId;
    this.workflow = workflow;
    this.items = items;
    this.connection = connection;
    this.fromCache = fromCache;
    this.healedByReread = healedByReread;
    this.changedFrom = changedFrom;
  }

  /** A builder, e.g. for states shown in UI previews and tests. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The thread's workflow id, or null for a new thread whose id the server has not told yet.
   */
  public @Nullable String workflowId() {
    return workflowId;
  }

  /** The thread's workflow as last read, or null if it has not been read yet. */
  public @Nullable Workflow workflow() {
    return workflow;
  }

  /**
   * The thread's items in order (by {@code createdAt}, then round, then arrival), each once, with a
   * {@linkplain ChatItem#isPending() pending} echo of a prompt just sent at the end. Unmodifiable.
   */
  public List<ChatItem> items() {
    return items;
  }

  /** How the thread's connection stands. Never null. */
  public ConnectionState connection() {
    return connection;
  }

  /** Whether everything shown comes from the local cache, not yet confirmed by the server. */
  public boolean isFromCache() {
    return fromCache;
  }

  /**
   * Whether what is shown was repaired by a re-read after this round's stream was lost (a discontinuity):
   * items the stream missed were added and items the server does not have were removed, so an app may
   * re-render rather than animate the change. False again when a new round starts; a stream resumed from its
   * last event needs no repair and leaves it false.
   */
  public boolean isHealedByReread() {
    return healedByReread;
  }

  /** Whether {@link #items()} holds a pending echo of a prompt the server has not confirmed yet. */
  public boolean hasPendingWrites() {
    return !items.isEmpty() && items.get(items.size() - 1).isPending();
  }

  /** Whether the workflow has finished ({@link WorkflowStatus#isFinished()}); false when not read yet. */
  public boolean isFinished() {
    return workflow != null && workflow.status().isFinished();
  }

  /**
   * What changed in {@link #items()} since the state this observer received before, identified by
   * {@link ChatItem#identityKey()}: apply it to the items shown instead of diffing them. Each observer
   * (and each flow collector) gets the changes from the state it last received, whatever states it
   * skipped while it was slow; its first state is a {@linkplain ListChanges#isReset() reset}. A state
   * made with {@link #builder()} or {@link #newBuilder()} is a reset too. Never null.
   */
  public ListChanges changes() {
    ListChanges result = changes;
    if (result == null) {
      result = ListDiff.since(changedFrom, items, ChatItem::identityKey);
      changes = result; // ListChanges is immutable (final fields): a racy cache is safe.
    }
    return result;
  }

  /**
   * This state, carrying the changes from {@code previous}'s items to its own; a reset when
   * {@code previous} is null. For code that skips or conflates states on its own (a flow operator, a
   * LiveData), so that what it hands on still carries the changes from what it handed on before. The SDK's
   * observers already get states made this way. Cheap: the changes are computed when {@link #changes()} is
   * first called (linear in the number of items at most, less where only the end changed).
   */
  public ThreadState withChangesSince(@Nullable ThreadState previous) {
    return new ThreadState(workflowId, workflow, items, connection, fromCache, healedByReread,
        previous == null ? null : previous.items);
  }

  /** Returns a builder holding this state's values (not its {@linkplain #changes() changes}). */
  public Builder newBuilder() {
    Builder builder = new Builder();
    builder.workflowId = workflowId;
    builder.workflow = workflow;
    builder.items = items;
    builder.connection = connection;
    builder.fromCache = fromCache;
    builder.healedByReread = healedByReread;
    return builder;
  }

  /** Whether {@code o} is a state with the same values; {@linkplain #changes() changes} do not count. */
  @Override public boolean equals(@Nullable Object o) {
    if (!(o instanceof ThreadState)) return false;
    ThreadState that = (ThreadState) o;
    return fromCache == that.fromCache && healedByReread == that.healedByReread
        && Objects.equals(workflowId, that.workflowId)
        && Objects.equals(workflow, that.workflow) && items.equals(that.items)
        && connection.equals(that.connection);
  }

  @Override public int hashCode() {
    return Objects.hash(workflowId, workflow, items, connection, fromCache, healedByReread);
  }

  @Override public String toString() {
    return "ThreadState(" + workflowId + ", " + (workflow == null ? "no workflow" : workflow.statusText())
        + ", " + items.size() + " items, " + connection + (fromCache ? ", from cache" : "")
        + (healedByReread ? ", healed by a re-read" : "") + ")";
  }

  /** Builds a {@link ThreadState}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String workflowId;
    private @Nullable Workflow workflow;
    private List<ChatItem> items = Collections.emptyList();
    private ConnectionState connection = ConnectionState.IDLE;
    private boolean fromCache;
    private boolean healedByReread;

    private Builder() {}

    /** The workflow id; null while a new thread's id is unknown. Set also by {@link #workflow(Workflow)}. */
    public Builder workflowId(@Nullable String workflowId) {
      this.workflowId = workflowId;
      return this;
    }

    /** The workflow, or null; a non-null workflow also sets the id. */
    public Builder workflow(@Nullable Workflow workflow) {
      this.workflow = workflow;
      if (workflow != null) this.workflowId = workflow.id();
      return this;
    }

    /** The items, in order (copied unless the SDK built the list). */
    public Builder items(List<ChatItem> items) {
      this.items = items instanceof ImmutableList
          ? items
          : Collections.unmodifiableList(new ArrayList<>(items));
      return this;
    }

    /** The connection state. */
    public Builder connection(ConnectionState connection) {
      this.connection = Objects.requireNonNull(connection, "connection");
      return this;
    }

    /** Whether the data comes from the cache only. */
    public Builder fromCache(boolean fromCache) {
      this.fromCache = fromCache;
      return this;
    }

    /** Whether what is shown was repaired by a re-read after a lost stream ({@link #isHealedByReread()}). */
    public Builder healedByReread(boolean healedByReread) {
      this.healedByReread = healedByReread;
      return this;
    }

    /** Builds the state. */
    public ThreadState build() {
      return new ThreadState(workflowId, workflow, items, connection, fromCache, healedByReread, null);
    }
  }
}
