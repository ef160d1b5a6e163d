package dev.threadline;

import java.util.List;

/** A store that hands every call to an {@link InMemoryThreadStore}; tests override what they change. */
class ForwardingStore implements ThreadStore {
  final InMemoryThreadStore held = new InMemoryThreadStore();

  @Override public List<QueuedPrompt> loadQueuedPrompts() {
    return held.loadQueuedPrompts();
  }

  @Override public List<Workflow> loadThreads(int offset, int limit) {
    return held.loadThreads(offset, limit);
  }

  @Override public ChatThread loadThread(String workflowId) {
    return held.loadThread(workflowId);
  }

  @Override public void apply(List<ThreadChange> changes) {
    held.apply(changes);
  }

  @Override public void deleteThread(String workflowId) {
    held.deleteThread(workflowId);
  }

  @Override public void clear() {
    held.clear();
  }

  @Override public void queuePrompt(QueuedPrompt prompt) {
    held.queuePrompt(prompt);
  }

  @Override public boolean removeQueuedPrompt(String id) {
    return held.removeQueuedPrompt(id);
  }

  @Override public void close() {
    held.close();
  }
}
