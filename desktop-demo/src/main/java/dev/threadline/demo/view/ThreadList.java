package dev.threadline.demo.view;

import dev.threadline.PageRequest;
import dev.threadline.ThreadListState;
import dev.threadline.ThreadPage;
import dev.threadline.ThreadStore;
import dev.threadline.Workflow;
import dev.threadline.demo.ThreadPaging;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The threads a window lists: the client's observed first page (cached, then the server's), merged with
 * the pages the user loaded with "Load more", most recently active first, each thread once. Not
 * thread-safe: the window's UI thread only.
 *
 * <p>{@link #rows()} hands the window the changes to apply to the rows it shows: the client's own
 * {@link ThreadListState#changes()} while the rows are just its first page, else the changes from the rows
 * handed out before.
 */
public final class ThreadList {
  private final Map<String, Workflow> laterPages = new LinkedHashMap<>();
  private ThreadListState firstPage = new ThreadListState(List.of(), true);
  private int firstPagesSinceRows;
  private ThreadListState rows;
  private boolean rowsAreFirstPage;
  private boolean fromCache = true;
  private int nextPage = 2;
  private boolean hasMore;

  /** The client's first page changed. */
  public void showFirstPage(ThreadListState state) {
    firstPage = state;
    firstPagesSinceRows++;
    fromCache = state.isFromCache();
    if (!fromCache && nextPage == 2) hasMore = state.threads().size() >= ThreadPaging.PAGE_SIZE;
  }

  /**
   * The rows to show, {@link #threads()}, carrying the changes from the rows this returned before (the
   * first time, a reset).
   */
  public ThreadListState rows() {
    List<Workflow> threads = threads();
    boolean onlyFirstPage = threads.equals(firstPage.threads());
    // The client's changes lead from the list it delivered before, which is what the rows show if
    // exactly one list arrived since and nothing else was merged in.
    rows = onlyFirstPage && rowsAreFirstPage && firstPagesSinceRows == 1
        ? firstPage
        : new ThreadListState(threads, fromCache).withChangesSince(rows);
    rowsAreFirstPage = onlyFirstPage;
    firstPagesSinceRows = 0;
    return rows;
  }

  /** A page loaded with "Load more" arrived. */
  public void addPage(ThreadPage page) {
    for (Workflow workflow : page.threads()) laterPages.put(workflow.id(), workflow);
    nextPage = page.currentPage() + 1;
    hasMore = page.hasNextPage();
  }

  /** Forgets a deleted thread on the loaded pages; whether it was there. */
  public boolean forget(String workflowId) {
    return laterPages.remove(workflowId) != null;
  }

  /** The page "Load more" reads next. */
  public PageRequest nextPageRequest() {
    return PageRequest.firstPage(ThreadPaging.PAGE_SIZE).withPage(nextPage);
  }

  /** Whether the server has more pages. */
  public boolean hasMore() {
    return hasMore;
  }

  /** Whether the first page is still the cache's only. */
  public boolean isFromCache() {
    return fromCache;
  }

  /** The threads, most recently active first, each once. */
  public List<Workflow> threads() {
    Map<String, Workflow> byId = new LinkedHashMap<>(laterPages);
    for (Workflow workflow : firstPage.threads()) byId.put(workflow.id(), workflow);
    List<Workflow> threads = new ArrayList<>(byId.values());
    threads.sort(ThreadStore.THREAD_ORDER);
    return threads;
  }

  /** "3 threads", "No threads yet", with " · from cache" or " · offline, from cache" as it stands. */
  public String footer(boolean offlineMode) {
    int count = threads().size();
    return (count == 0 ? "No threads yet" : count + (count == 1 ? " thread" : " threads"))
        + (offlineMode ? " · offline, from cache" : fromCache ? " · from cache" : "");
  }

  /** The footer when a refresh failed. */
  public String refreshFailed() {
    return fromCache ? "Showing cached threads · server unreachable" : "Could not refresh the list";
  }
}
