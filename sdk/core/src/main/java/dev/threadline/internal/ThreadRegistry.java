package dev.threadline.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The controllers of a client's threads: by workflow id, and those of new threads whose id the server has
 * not told yet. Confined to the engine thread.
 */
final class ThreadRegistry {
  private final Map<String, ThreadController> named = new HashMap<>();
  private final Set<ThreadController> unnamed = Collections.newSetFromMap(new IdentityHashMap<>());

  /** The controller of {@code workflowId}, or null. */
  @Nullable ThreadController get(String workflowId) {
    return named.get(workflowId);
  }

  /** The controller of {@code workflowId}, made with {@code create} if there is none. */
  ThreadController getOrCreate(String workflowId, Function<String, ThreadController> create) {
    return named.computeIfAbsent(workflowId, create);
  }

  boolean contains(String workflowId) {
    return named.containsKey(workflowId);
  }

  /** Ids of the threads held. */
  Set<String> ids() {
    return new HashSet<>(named.keySet());
  }

  /** Holds {@code c}, of a new thread. */
  void addUnnamed(ThreadController c) {
    unnamed.add(c);
  }

  /** Every controller, named or not. */
  List<ThreadController> all() {
    List<ThreadController> all = new ArrayList<>(named.values());
    all.addAll(unnamed);
    return all;
  }

  /** The controllers of new threads. */
  List<ThreadController> unnamed() {
    return new ArrayList<>(unnamed);
  }

  /** New thread {@code c} learnt its id: held by it now; returns the controller it replaces, if any. */
  @Nullable ThreadController name(ThreadController c, String workflowId) {
    unnamed.remove(c);
    ThreadController replaced = named.put(workflowId, c);
    return replaced == c ? null : replaced;
  }

  /** Lets go of {@code c}. */
  void release(ThreadController c) {
    if (c.workflowId() == null) {
      unnamed.remove(c);
    } else if (named.get(c.workflowId()) == c) {
      named.remove(c.workflowId());
    }
  }

  /** Lets go of the controller of {@code workflowId}, and returns it (null if none). */
  @Nullable ThreadController remove(String workflowId) {
    return named.remove(workflowId);
  }
}
