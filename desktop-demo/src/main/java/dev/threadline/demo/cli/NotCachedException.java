package dev.threadline.demo.cli;

/** {@code show --offline} asked for a thread the cache does not hold; the user sees it as "not found". */
final class NotCachedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotCachedException(String workflowId) {
    super("thread " + workflowId + " is not in the cache");
  }
}
