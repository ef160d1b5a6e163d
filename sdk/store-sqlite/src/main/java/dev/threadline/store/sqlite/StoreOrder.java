package dev.threadline.store.sqlite;

import dev.threadline.EpochSeconds;
import dev.threadline.Workflow;
import java.util.Comparator;

/** The thread order {@link dev.threadline.ThreadStore} promises, compared exactly (as core's in-memory store). */
final class StoreOrder {
  /** The thread list: most recent {@code lastActivity} first, those without it last, then by id. */
  static final Comparator<Workflow> THREADS = Comparator
      .comparing(Workflow::lastActivity, Comparator.nullsLast(Comparator.<EpochSeconds>reverseOrder()))
      .thenComparing(Workflow::id);

  private StoreOrder() {}
}
