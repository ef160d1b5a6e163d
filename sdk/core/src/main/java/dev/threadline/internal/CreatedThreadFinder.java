package dev.threadline.internal;

import dev.threadline.Workflow;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the thread a send created when the stream broke before any event named it: the newest thread
 * (by {@code startedAt}) named after the prompt (the backend names a new thread after its first prompt)
 * that the client did not know before the send, and whose id can be followed. The server's clock is not compared with ours: the two
 * need not agree.
 */
final class CreatedThreadFinder {
  private CreatedThreadFinder() {}

  static @Nullable Workflow find(List<Workflow> threads, String prompt, Set<String> knownBeforeSend) {
    Workflow best = null;
    for (Workflow workflow : threads) {
      if (!prompt.equals(workflow.name()) || knownBeforeSend.contains(workflow.id())
          || !WorkflowIds.isUsable(workflow.id())) {
        continue;
      }
      if (best == null || compareStart(workflow, best) > 0) best = workflow;
    }
    return best;
  }

  private static int compareStart(Workflow a, Workflow b) {
    if (a.startedAt() == null) return b.startedAt() == null ? 0 : -1;
    if (b.startedAt() == null) return 1;
    return a.startedAt().compareTo(b.startedAt());
  }
}
