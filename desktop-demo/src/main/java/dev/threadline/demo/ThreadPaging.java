package dev.threadline.demo;

/** How the thread list pages: the window's list and the command line's {@code threads} share one size. */
public final class ThreadPaging {
  /** Threads per page. */
  public static final int PAGE_SIZE = 20;

  private ThreadPaging() {}
}
