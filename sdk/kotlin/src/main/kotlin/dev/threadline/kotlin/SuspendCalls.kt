@file:JvmName("SuspendCalls")

package dev.threadline.kotlin

import dev.threadline.ChatThread
import dev.threadline.ChatbotClient
import dev.threadline.ChatbotException
import dev.threadline.NotFoundException
import dev.threadline.PageRequest
import dev.threadline.SendCall
import dev.threadline.ThreadPage
import dev.threadline.ThreadState
import dev.threadline.UserInput
import dev.threadline.Workflow
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.future.await

// The suspend forms of the client's one-shot calls. Each runs the client's …Async call and suspends
// until it completes, without blocking the caller's thread (call them from the main thread). They throw
// the SDK's own exceptions (ChatbotException and its subclasses), never CompletionException. Cancelling
// the caller cancels the call's future: a read still under way is cancelled on the network.

/**
 * One page of the caller's threads, as [ChatbotClient.listThreads] reads it. Cancelling the caller
 * cancels the request.
 *
 * @throws ChatbotException on any failure (see the subclasses)
 */
public suspend fun ChatbotClient.awaitThreadPage(page: PageRequest): ThreadPage = listThreadsAsync(page).await()

/**
 * All the caller's threads, page by page from [firstPage] as the collector reaches them: a cold flow
 * that reads the next page only when the collector wants more (`take(n)` reads no page past the n-th
 * thread). Fails with the [ChatbotException] of a page that failed.
 */
public fun ChatbotClient.allThreadsFlow(firstPage: PageRequest): Flow<Workflow> = flow {
  var page = awaitThreadPage(firstPage)
  while (true) {
    for (thread in page.threads()) emit(thread)
    if (!page.hasNextPage() || page.threads().isEmpty()) break
    page = awaitThreadPage(page.nextPageRequest())
  }
}

/**
 * Thread [workflowId] with all its items, as the server has it ([ChatbotClient.getThread]). Cancelling
 * the caller cancels the request.
 *
 * @throws NotFoundException if it does not exist
 * @throws ChatbotException on any other failure
 */
public suspend fun ChatbotClient.awaitThread(workflowId: String): ChatThread = getThreadAsync(workflowId).await()

/**
 * Asks the server to stop workflow [workflowId] and returns it as the server now has it
 * ([ChatbotClient.stop]); observers see the thread's outcome when its stream ends. Cancelling the caller
 * stops the waiting; a request already sent may still reach the server.
 *
 * @throws ChatbotException on any failure (see the subclasses)
 */
public suspend fun ChatbotClient.awaitStop(workflowId: String): Workflow = stopAsync(workflowId).await()

/**
 * Deletes thread [workflowId] on the server, then from the cache and every list ([ChatbotClient.delete]).
 * Cancelling the caller stops the waiting; a request already sent may still reach the server, and the
 * cache forgets the thread when it confirms.
 *
 * @throws NotFoundException if it does not exist
 * @throws ChatbotException on any other failure (e.g. [dev.threadline.ForbiddenException])
 */
public suspend fun ChatbotClient.awaitDelete(workflowId: String) {
  deleteAsync(workflowId).await()
}

/**
 * Sends [input] and suspends until the round has ended; returns the thread's state then (its connection
 * is `COMPLETED`, `STOPPED` or `FAILED`). The same as `send(input).awaitResult()`; to return as soon as
 * the thread's id is known, use `send(input).awaitWorkflowId()`.
 *
 * @throws ChatbotException the error that ended the send (see [SendCall.result])
 */
public suspend fun ChatbotClient.awaitSend(input: UserInput): ThreadState = send(input).awaitResult()

/**
 * Suspends until the thread's workflow id is known (at once when continuing a thread; for a new thread,
 * when the server's first event names it) and returns it. Cancelling the caller stops the waiting, not
 * the send: the prompt, once posted, is not taken back, and the client follows its round to the end.
 *
 * @throws ChatbotException if the send failed before the id could be known
 */
public suspend fun SendCall.awaitWorkflowId(): String = workflowId().await()

/**
 * Suspends until this round has ended and returns the thread's state then (see [SendCall.result]).
 * Cancelling the caller stops the waiting, not the round (that is [awaitStop]).
 *
 * @throws ChatbotException the error that ended the send: refused by the server, or recovery gave up
 */
public suspend fun SendCall.awaitResult(): ThreadState = result().await()
