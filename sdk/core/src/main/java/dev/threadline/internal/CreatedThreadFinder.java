package dev.threadline.internal;

import dev.threadline.Workflow;
import java.util.List;

/**
 * Finds the thread a send created when the stream broke before any event named it: the newest thread
 * whose name is the prompt (the backend names a new thread after its first prompt) and which started no
 * earlier than shortly before the send.
 */
final class CreatedThreadFinder {
  /** Allowed difference between the server's clock and ours. */
  static final long CLOCK_SKEW_MILLIS = 120_000;

  private CreatedThreadFinder() {}

  static Workflow find(List<Workflow> threads, String prompt, long sentAtMillis) {
    Workflow best = null;
    for (Workflow workflow : threads) {
      if (!prompt.equals(workflow.name())) continue;
      if (workflow.startedAt() != null
          && workflow.startedAt().toDouble() * 1000 < sentAtMillis - CLOCK_SKEW_MILLIS) continue;
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
