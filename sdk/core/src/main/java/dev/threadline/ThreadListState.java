package dev.threadline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What an observer of the thread list sees: the threads, most recently active first. Immutable. */
public final class ThreadListState {
  private final List<Workflow> threads;
  private final boolean fromCache;
  private final boolean hasMore;
  /** The threads this list's changes lead from, or null for a reset (see ThreadState's twin field). */
  private final @Nullable List<Workflow> changedFrom;
  private @Nullable ListChanges changes;

  /**
   * A list state holding {@code threads} (copied), with no further page to load; its
   * {@linkplain #changes() changes} are a reset.
   */
  public ThreadListState(List<Workflow> threads, boolean fromCache) {
    this(threads, fromCache, false);
  }

  /**
   * A list state holding {@code threads} (copied); {@code hasMore} says whether the server has a further
   * page ({@link ChatbotClient#loadMoreThreads()}).
   */
  public ThreadListState(List<Workflow> threads, boolean fromCache, boolean hasMore) {
    this.threads = Collections.unmodifiableList(new ArrayList<>(threads));
    this.fromCache = fromCache;
    this.hasMore = hasMore;
    this.changedFrom = null;
  }

  private ThreadListState(ThreadListState state, @Nullable List<Workflow> changedFrom) {
    this.threads = state.threads;
    this.fromCache = state.fromCache;
    this.hasMore = state.hasMore;
    this.changedFrom = changedFrom;
  }

  /** The threads, most recently active first. Unmodifiable, never null. */
  public List<Workflow> threads() {
    return threads;
  }

  /** Whether the list comes from the local cache only, not yet refreshed from the server. */
  public boolean isFromCache() {
    return fromCache;
  }

  /** Whether the server has a further page of threads, which {@link ChatbotClient#loadMoreThreads()} loads. */
  public boolean hasMore() {
    return hasMore;
  }

  /**
   * What changed in {@link #threads()} since the list this observer received before, each thread
   * identified by its {@linkplain Workflow#id() workflow id}: apply it to the rows shown instead of diffing
   * them. Each observer (and each flow collector) gets the changes from the list it last received, whatever
   * lists it skipped while it was slow; its first list is a {@linkplain ListChanges#isReset() reset}, as is
   * a list made with the constructor. Never null.
   */
  public ListChanges changes() {
    ListChanges result = changes;
    if (result == null) {
      result = ListDiff.since(changedFrom, threads, Workflow::id);
      changes = result; // ListChanges is immutable (final fields): a racy cache is safe.
    }
    return result;
  }

  /**
   * This list, carrying the changes from {@code previous}'s threads to its own; a reset when
   * {@code previous} is null. For code that skips or conflates lists on its own (see
   * {@link ThreadState#withChangesSince(ThreadState)}).
   */
  public ThreadListState withChangesSince(@Nullable ThreadListState previous) {
    return new ThreadListState(this, previous == null ? null : previous.threads);
  }

  /** Whether {@code o} is a list with the same values; {@linkplain #changes() changes} do not count. */
  @Override public boolean equals(@Nullable Object o) {
    return o instanceof ThreadListState && fromCache == ((ThreadListState) o).fromCache
        && hasMore == ((ThreadListState) o).hasMore && threads.equals(((ThreadListState) o).threads);
  }

  @Override public int hashCode() {
    return threads.hashCode() * 31 + (fromCache ? 1 : 0) + (hasMore ? 2 : 0);
  }

  @Override public String toString() {
    return "ThreadListState(" + threads.size() + " threads" + (fromCache ? ", from cache" : "") + ")";
  }
}
