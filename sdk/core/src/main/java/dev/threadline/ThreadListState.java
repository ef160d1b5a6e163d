package dev.threadline;

import java.util.Collections;
import java.util.List;

/** What an observer of the thread list sees: the threads, most recently active first. Immutable. */
public final class ThreadListState {
  private final List<Workflow> threads;
  private final boolean fromCache;
  private final boolean hasMore;

  /** A list state holding {@code threads} (copied), with no further page to load. */
  public ThreadListState(List<Workflow> threads, boolean fromCache) {
    this(threads, fromCache, false);
  }

  /**
   * A list state holding {@code threads} (copied); {@code hasMore} says whether the server has a further
   * page ({@link ChatbotClient#loadMoreThreads()}).
   */
  public ThreadListState(List<Workflow> threads, boolean fromCache, boolean hasMore) {
    this.threads = Collections.unmodifiableList(new java.util.ArrayList<>(threads));
    this.fromCache = fromCache;
    this.hasMore = hasMore;
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

  @Override public boolean equals(Object o) {
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
