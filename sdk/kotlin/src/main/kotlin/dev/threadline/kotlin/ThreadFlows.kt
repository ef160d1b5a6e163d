@file:JvmName("ThreadFlows")

package dev.threadline.kotlin

import dev.threadline.ChatbotClient
import dev.threadline.ChatbotException
import dev.threadline.ConnectionState
import dev.threadline.NotFoundException
import dev.threadline.ReadPolicy
import dev.threadline.SendCall
import dev.threadline.Subscription
import dev.threadline.ThreadListObserver
import dev.threadline.ThreadListState
import dev.threadline.ThreadObserver
import dev.threadline.ThreadState
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.channels.ProducerScope
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.catch
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.stateIn

/**
 * How long the `StateFlow`s of [threadStateIn] and [threadListStateIn] keep observing after their last
 * collector left, by default: long enough for an activity to be recreated (a rotation), short enough to
 * stop soon after a screen is gone.
 */
public const val DEFAULT_STOP_TIMEOUT_MILLIS: Long = 5_000

/** `SharingStarted.WhileSubscribed(DEFAULT_STOP_TIMEOUT_MILLIS)`: the default of the `StateFlow`s. */
public val WhileScreenSubscribed: SharingStarted = SharingStarted.WhileSubscribed(DEFAULT_STOP_TIMEOUT_MILLIS)

/**
 * Thread [workflowId]'s states as a cold flow: cached state first (marked from cache), then the server's,
 * then every change, including those of sends from this client.
 *
 * Each collection observes the thread with [ChatbotClient.observeThread] and closes that subscription
 * when the collection ends, however it ends (cancelled, failed, the collector threw, or an operator such
 * as `first()` stopped early). Closing stops delivery only; it never stops the workflow (that is
 * [awaitStop]). The subscription belongs to the client, not to one stream, so a collection goes on across
 * dropped connections and re-reads: their progress shows in [ThreadState.connection]. When a running
 * thread's last observer leaves and no send of this client waits for it, the client stops re-reading it.
 *
 * The flow fails with [NotFoundException] when the server says the thread does not exist (never did, or
 * was deleted elsewhere). A delete by this client ([awaitDelete]) instead empties the state: no workflow,
 * no items, `IDLE`. Other errors the observer hears leave the state valid and updating (a malformed event
 * skipped, a cache write that failed): they go to [onWarning], on the client's callback executor, and
 * the flow goes on.
 *
 * Each state's [ThreadState.changes] lead from the state this collection received before (the first one is
 * a reset), whatever states the buffer dropped: apply them to an adapter's rows instead of diffing.
 *
 * @param buffer what waits for a slow collector; [FlowBuffer.Conflated] (only the newest state) by default
 * @param readPolicy where the states come from: the cache, then the network by default; [ReadPolicy.CACHE_ONLY]
 *   for a screen that must not touch the network, [ReadPolicy.NETWORK_ONLY] to skip the cache
 * @param onWarning hears the errors that do not end the flow; by default they are dropped
 */
public fun ChatbotClient.threadFlow(
  workflowId: String,
  buffer: FlowBuffer = FlowBuffer.Conflated,
  readPolicy: ReadPolicy = ReadPolicy.CACHE_THEN_NETWORK,
  onWarning: (ChatbotException) -> Unit = {},
): Flow<ThreadState> =
  observerFlow(buffer) { observeThread(workflowId, readPolicy, threadObserver(onWarning)) }
    .withChangesSinceCollected()

/**
 * The states of a prompt's thread as a cold flow, from the pending echo of the prompt on, as
 * [SendCall.observe] gives them; the same states as [threadFlow] once the id is known. Collecting sends
 * nothing (the send already happened); cancelling stops listening, not the round. Fails, buffers and
 * carries changes like [threadFlow].
 */
public fun SendCall.threadFlow(
  buffer: FlowBuffer = FlowBuffer.Conflated,
  onWarning: (ChatbotException) -> Unit = {},
): Flow<ThreadState> = observerFlow(buffer) { observe(threadObserver(onWarning)) }.withChangesSinceCollected()

/**
 * Thread [workflowId]'s connection ([ConnectionState.Kind.CONNECTING], `STREAMING`, `RECONNECTING`, …),
 * each change once: for a connection banner. A cold flow over [threadFlow], conflated; fails like it.
 */
public fun ChatbotClient.connectionFlow(workflowId: String): Flow<ConnectionState> =
  threadFlow(workflowId).map { it.connection() }.distinctUntilChanged()

/**
 * The thread list as a cold flow, most recently active first: the cached list first, then the server's
 * first page, then every change this client makes or sees. Each collection observes it with
 * [ChatbotClient.observeThreads] until it ends. Never fails on its own: a refresh or cache error goes to
 * [onWarning] (on the client's callback executor) and the last list stays valid. Each list's
 * [ThreadListState.changes] lead from the list this collection received before, as in [threadFlow].
 *
 * @param buffer what waits for a slow collector; [FlowBuffer.Conflated] (only the newest list) by default
 * @param readPolicy where the lists come from, as for [threadFlow]
 */
public fun ChatbotClient.threadListFlow(
  buffer: FlowBuffer = FlowBuffer.Conflated,
  readPolicy: ReadPolicy = ReadPolicy.CACHE_THEN_NETWORK,
  onWarning: (ChatbotException) -> Unit = {},
): Flow<ThreadListState> = observerFlow(buffer) {
  observeThreads(readPolicy, object : ThreadListObserver {
    override fun onChanged(state: ThreadListState) {
      trySend(state)
    }

    override fun onError(error: ChatbotException) {
      onWarning(error)
    }
  })
}.withChangesSinceCollected()

/**
 * Thread [workflowId] as a `StateFlow` in [scope] (a ViewModel's), shared by all its collectors and
 * observed as [started] says: by default while collected and [DEFAULT_STOP_TIMEOUT_MILLIS] after, so a
 * rotation does not restart it. Its value is [emptyThread] until the first state arrives.
 *
 * It never fails, so it never cancels [scope]: where [threadFlow] would fail with [NotFoundException],
 * its value becomes the last state with connection [ConnectionState.failed] whose cause is that
 * exception. Conflated, as every `StateFlow` is: each value's [ThreadState.changes] lead from the value
 * before it, which a collector may have missed, so a collector applying them to an adapter collects it
 * through [withChangesSinceCollected].
 */
public fun ChatbotClient.threadStateIn(
  workflowId: String,
  scope: CoroutineScope,
  started: SharingStarted = WhileScreenSubscribed,
  readPolicy: ReadPolicy = ReadPolicy.CACHE_THEN_NETWORK,
  onWarning: (ChatbotException) -> Unit = {},
): StateFlow<ThreadState> {
  var last = emptyThread(workflowId)
  return threadFlow(workflowId, FlowBuffer.Conflated, readPolicy, onWarning)
    .map { state -> state.also { last = it } }
    .catch { error ->
      if (error !is NotFoundException) throw error
      emit(last.newBuilder().connection(ConnectionState.failed(error)).build())
    }
    .stateIn(scope, started, emptyThread(workflowId))
}

/**
 * The thread list as a `StateFlow` in [scope], shared and started like [threadStateIn]. Its value is an
 * empty list marked from cache until the first list arrives. Never fails. Collect it through
 * [withChangesSinceCollected] to apply its changes, as for [threadStateIn].
 */
public fun ChatbotClient.threadListStateIn(
  scope: CoroutineScope,
  started: SharingStarted = WhileScreenSubscribed,
  readPolicy: ReadPolicy = ReadPolicy.CACHE_THEN_NETWORK,
  onWarning: (ChatbotException) -> Unit = {},
): StateFlow<ThreadListState> =
  threadListFlow(FlowBuffer.Conflated, readPolicy, onWarning).stateIn(scope, started, ThreadListState(emptyList(), true))

/**
 * The placeholder state of a thread nothing is known of yet: no workflow, no items, `IDLE`, marked from
 * cache. The thread `StateFlow`s start with it.
 */
public fun emptyThread(workflowId: String): ThreadState =
  ThreadState.builder().workflowId(workflowId).fromCache(true).build()

/** A cold flow whose every collection registers one observer and closes it when the collection ends. */
private fun <T> observerFlow(buffer: FlowBuffer, register: ProducerScope<T>.() -> Subscription): Flow<T> =
  buffer.applyTo(callbackFlow {
    val subscription = register()
    awaitClose { subscription.close() }
  })

private fun ProducerScope<ThreadState>.threadObserver(onWarning: (ChatbotException) -> Unit): ThreadObserver =
  object : ThreadObserver {
    override fun onChanged(state: ThreadState) {
      trySend(state)
    }

    override fun onError(error: ChatbotException) {
      if (error is NotFoundException) close(error) else onWarning(error)
    }
  }
