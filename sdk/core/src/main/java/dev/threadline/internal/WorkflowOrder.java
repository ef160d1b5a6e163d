package dev.threadline.internal;

import dev.threadline.EpochSeconds;
import dev.threadline.Workflow;
import java.util.Comparator;

/** The order of thread lists: most recent activity first, threads without it last, then by id. */
public final class WorkflowOrder {
  /** Most recent {@code lastActivity} first; missing last; ties by id. */
  public static final Comparator<Workflow> BY_RECENT_ACTIVITY = Comparator
      .comparing(Workflow::lastActivity, Comparator.nullsLast(Comparator.<EpochSeconds>reverseOrder()))
      .thenComparing(Workflow::id);

  private WorkflowOrder() {}
}
