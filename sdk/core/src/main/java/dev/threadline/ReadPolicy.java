package dev.threadline;

/**
 * Where an observation reads from, chosen per call ({@link ChatbotClient#observeThread(String, ReadPolicy,
 * ThreadObserver)}, {@link ChatbotClient#observeThreads(ReadPolicy, ThreadListObserver)}), in the spirit of
 * Apollo's fetch policies. The policy decides what the observation itself reads; a thread's own activity
 * (a send of this client, another observer's refresh) still shows to every observer of it.
 */
public enum ReadPolicy {
  /**
   * The local cache only: the observation sends no request. A thread or list that is not cached shows
   * empty, marked {@linkplain ThreadState#isFromCache() from cache}.
   */
  CACHE_ONLY,
  /** The cache first, marked from cache, then the server's copy and every change after. The default. */
  CACHE_THEN_NETWORK,
  /**
   * The server's copy only: cached data is never shown to this observer; its first state is the server's
   * (or, while the server cannot be reached, only errors and no state).
   */
  NETWORK_ONLY
}
