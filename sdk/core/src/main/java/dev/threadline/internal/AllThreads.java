package dev.threadline.internal;

import dev.threadline.PageRequest;
import dev.threadline.ThreadPage;
import dev.threadline.Workflow;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Every thread of a list, fetched page by page as an iteration reaches them. */
public final class AllThreads implements Iterable<Workflow> {
  private final PageRequest firstPage;
  private final Function<PageRequest, ThreadPage> fetch;

  /** The threads from {@code firstPage} on, each page read by {@code fetch} (which may block and throw). */
  public AllThreads(PageRequest firstPage, Function<PageRequest, ThreadPage> fetch) {
    this.firstPage = firstPage;
    this.fetch = fetch;
  }

  @Override public Iterator<Workflow> iterator() {
    return new Iterator<Workflow>() {
      private @Nullable ThreadPage page;
      private int index;

      @Override public boolean hasNext() {
        while (page == null || index >= page.threads().size()) {
          if (page != null && !page.hasNextPage()) return false;
          page = fetch.apply(page == null ? firstPage : page.nextPageRequest());
          index = 0;
          if (page.threads().isEmpty()) return false;
        }
        return true;
      }

      @Override public Workflow next() {
        if (!hasNext() || page == null) throw new NoSuchElementException();
        return page.threads().get(index++);
      }
    };
  }
}
