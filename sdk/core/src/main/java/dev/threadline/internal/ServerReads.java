package dev.threadline.internal;

import dev.threadline.ChatThread;
import dev.threadline.ThreadChange;
import dev.threadline.Workflow;
import java.util.Collections;
import java.util.List;

/**
 * What the app read over REST ({@code getThread}, {@code listThreads}, {@code allThreads}) goes into the same
 * model and cache as streams and re-reads do, so the client is the cache's only writer. Confined to the
 * engine thread.
 */
final class ServerReads {
  private final ThreadEngine engine;
  private final ThreadRegistry threads;

  ServerReads(ThreadEngine engine, ThreadRegistry threads) {
    this.engine = engine;
    this.threads = threads;
  }

  /** The app read {@code thread}: shown by its observers and cached, as a re-read is. */
  void thread(ChatThread thread) {
    String workflowId = thread.workflow().id();
    ThreadController c = threads.get(workflowId);
    if (c != null) {
      c.serverRead(thread);
    } else {
      // Authoritative for the cache too: what the device holds of the thread beyond it is removed.
      engine.store.loadThread(workflowId, cached -> engine.post(() -> write(cached, thread)));
    }
    engine.list.merge(Collections.singletonList(thread.workflow()));
  }

  private void write(ChatThread cached, ChatThread thread) {
    if (threads.contains(thread.workflow().id())) return;
    ThreadModel held = cached == null ? ThreadModel.EMPTY : ThreadMerger.resync(ThreadModel.EMPTY, cached).model;
    ThreadMerger.Result result = ThreadMerger.resync(held, thread);
    engine.store.write(new ThreadChange(thread.workflow(), result.upserts, result.removedKeys));
  }

  /** The app read a page of threads: held by the thread list and cached. */
  void threads(List<Workflow> workflows) {
    engine.list.merge(workflows);
  }
}
