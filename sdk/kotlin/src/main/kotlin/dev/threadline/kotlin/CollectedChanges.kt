@file:JvmName("CollectedChanges")

package dev.threadline.kotlin

import dev.threadline.ListChanges
import dev.threadline.ThreadListState
import dev.threadline.ThreadState
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * This flow, each state carrying in [ThreadState.changes] what changed since the state this collection
 * received before (the first one a [ListChanges.isReset] reset), whatever states were skipped upstream.
 *
 * [threadFlow] already does this, after its buffer. Use it on a `StateFlow` ([threadStateIn]) before
 * applying the changes to an adapter: a `StateFlow` collector may miss values, while each value's changes
 * lead only from the value before it.
 */
public fun Flow<ThreadState>.withChangesSinceCollected(): Flow<ThreadState> =
  sinceCollected(ThreadState::withChangesSince)

/** The thread list's form of [withChangesSinceCollected]: [threadListFlow] already does this. */
@JvmName("listWithChangesSinceCollected")
public fun Flow<ThreadListState>.withChangesSinceCollected(): Flow<ThreadListState> =
  sinceCollected(ThreadListState::withChangesSince)

private fun <S : Any> Flow<S>.sinceCollected(withChangesSince: (S, S?) -> S): Flow<S> = flow {
  var previous: S? = null
  collect { state ->
    emit(withChangesSince(state, previous))
    previous = state
  }
}
