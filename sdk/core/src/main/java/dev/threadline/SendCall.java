package dev.threadline;

import java.util.concurrent.CompletableFuture;

/**
 * A prompt on its way: returned at once by {@link ChatbotClient#send(UserInput)} while the SDK posts it,
 * streams the answer into the thread and follows the round to its end.
 *
 * <p>The thread (including the pending echo of the prompt) can be observed before its id is known. The
 * futures complete on the client's callback executor.
 */
public interface SendCall {
  /**
   * This send's handle, the same from {@link ChatbotClient#send} on: unique among the client's sends (from 1,
   * in the order they were made), and the {@link RoundRef#sendId()} of every {@link ChatbotEventListener}
   * event of its round, including those before the thread's workflow id is known.
   */
  long id();

  /** What was sent. */
  UserInput input();

  /**
   * The thread's workflow id: known at once when continuing a thread, otherwise as soon as the server's
   * first event names it. Fails if the send failed before the id could be known.
   */
  CompletableFuture<String> workflowId();

  /**
   * The thread's state when this round has ended (its connection is {@link ConnectionState.Kind#COMPLETED},
   * {@link ConnectionState.Kind#STOPPED} or {@link ConnectionState.Kind#FAILED} when the workflow failed).
   * Fails with the {@link ChatbotException} that ended the send: refused by the server (e.g.
   * {@link UnauthorizedException}, {@link BadRequestException}), or recovery gave up ({@link GaveUpException},
   * carrying the last failure and the tries made).
   */
  CompletableFuture<ThreadState> result();

  /**
   * Cancels this prompt if it is still waiting in the offline queue (written while the network was gone, or
   * its POST could not connect): it is taken out of the cache's queue, its pending echo goes, it is never
   * sent, and {@link #result()} fails with a {@link java.util.concurrent.CancellationException}. The future
   * completes on the callback executor with true when it was cancelled so, false when the prompt has left
   * (or is leaving) for the server, or this send was never queued: a prompt that may have reached the
   * server cannot be called back. Fails with {@link StoreException} if the cache could not remove it.
   */
  CompletableFuture<Boolean> cancel();

  /**
   * Observes this send's thread, from the pending echo on; the same states as
   * {@link ChatbotClient#observeThread} once the id is known.
   */
  Subscription observe(ThreadObserver observer);
}
