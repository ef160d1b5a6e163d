package dev.threadline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of the caller's threads, with the server's paging figures. Immutable. */
public final class ThreadPage {
  private final List<Workflow> threads;
  private final int currentPage;
  private final int pageSize;
  private final int totalItems;
  private final int totalPages;
  private final @Nullable PageRequest request;

  /** A page holding {@code threads}, answering {@code request}. */
  public ThreadPage(List<Workflow> threads, int currentPage, int pageSize, int totalItems, int totalPages,
      @Nullable PageRequest request) {
    this.threads = Collections.unmodifiableList(new ArrayList<>(threads));
    this.currentPage = currentPage;
    this.pageSize = pageSize;
    this.totalItems = totalItems;
    this.totalPages = totalPages;
    this.request = request;
  }

  /** The threads on this page, in the requested order. Unmodifiable, never null. */
  public List<Workflow> threads() {
    return threads;
  }

  /** This page's number, from 1. */
  public int currentPage() {
    return currentPage;
  }

  /** The page size the server used. */
  public int pageSize() {
    return pageSize;
  }

  /** How many threads there are in all. */
  public int totalItems() {
    return totalItems;
  }

  /** How many pages there are in all (0 when there are no threads). */
  public int totalPages() {
    return totalPages;
  }

  /** The request this page answers, or null when all threads were asked for in one page. */
  public @Nullable PageRequest request() {
    return request;
  }

  /** Whether a later page exists. */
  public boolean hasNextPage() {
    return request != null && currentPage < totalPages;
  }

  /**
   * The request for the next page.
   *
   * @throws IllegalStateException if there is no next page
   */
  public PageRequest nextPageRequest() {
    if (request == null || !hasNextPage()) throw new IllegalStateException("no next page");
    return request.withPage(currentPage + 1);
  }

  @Override public String toString() {
    return "ThreadPage(" + currentPage + "/" + totalPages + ", " + threads.size() + " threads of " + totalItems + ")";
  }
}
