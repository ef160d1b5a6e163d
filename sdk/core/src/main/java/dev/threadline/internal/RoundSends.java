package dev.threadline.internal;

import dev.threadline.ChatbotException;
import dev.threadline.ThreadState;
import dev.threadline.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The sends awaiting one thread's round: told the thread's id when the server names it, and the round's end.
 * Confined to the engine thread.
 */
final class RoundSends {
  private final List<SendCallImpl> calls = new ArrayList<>();
  private final RoundEvents events;
  private Set<String> knownBefore = Collections.emptySet();

  /** @param events told which send the round serves, so that its events name it */
  RoundSends(RoundEvents events) {
    this.events = events;
  }

  /** Adds {@code call}; {@code knownIds} are the threads known before it (for finding a new thread). */
  void add(SendCallImpl call, Set<String> knownIds) {
    calls.add(call);
    knownBefore = knownIds;
    events.serving(call.id());
  }

  boolean isEmpty() {
    return calls.isEmpty();
  }

  boolean contains(SendCallImpl call) {
    return calls.contains(call);
  }

  /** {@code call} no longer awaits this round (it was cancelled while queued); whether it did. */
  boolean remove(SendCallImpl call) {
    boolean removed = calls.remove(call);
    if (removed && calls.isEmpty()) events.serving(0);
    return removed;
  }

  /** The latest send. */
  SendCallImpl last() {
    return calls.get(calls.size() - 1);
  }

  /** The thread among {@code threads} that the latest send created, or null when none is (yet) listed. */
  @Nullable Workflow createdAmong(List<Workflow> threads) {
    return calls.isEmpty() ? null : CreatedThreadFinder.find(threads, last().input.prompt(), knownBefore);
  }

  /** The server named the thread {@code workflowId}. */
  void named(String workflowId) {
    for (SendCallImpl call : calls) call.named(workflowId);
  }

  /** The sends fail with {@code error}. */
  void fail(ChatbotException error) {
    for (SendCallImpl call : calls) call.fail(error);
    ended();
  }

  /** The round ended showing {@code state}. */
  void finish(ThreadState state) {
    for (SendCallImpl call : calls) call.finish(state);
    ended();
  }

  private void ended() {
    calls.clear();
    // What the round does from now on (e.g. polling for an observer) serves no send.
    events.serving(0);
  }
}
