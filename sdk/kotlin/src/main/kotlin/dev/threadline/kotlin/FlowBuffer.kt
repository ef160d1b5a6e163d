package dev.threadline.kotlin

import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer

/**
 * What a flow of this module keeps of the states its collector has not taken yet.
 *
 * The client's observers run on its callback executor and must never wait for a collector, so a flow
 * never suspends the client: a state that does not fit is dropped, as the policy says. The client itself
 * already conflates what it hands an observer (a slow observer gets the latest state), so no policy here
 * brings back states the client skipped; the policies differ only in what happens between the observer
 * and a collector slower than it.
 */
public sealed class FlowBuffer {
  internal abstract fun <T> applyTo(flow: Flow<T>): Flow<T>

  /**
   * Only the newest state waits; an older one not taken yet is replaced. The default of every flow here:
   * a screen only ever needs the latest state, and a slow one never falls behind.
   */
  public object Conflated : FlowBuffer() {
    override fun <T> applyTo(flow: Flow<T>): Flow<T> = flow.buffer(Channel.CONFLATED)

    override fun toString(): String = "FlowBuffer.Conflated"
  }

  /**
   * Up to [capacity] states wait; when a new one does not fit, the oldest waiting one is dropped. For a
   * collector that wants the steps of a round (a log, an animation) and can afford to lose the oldest.
   */
  public class DropOldest(public val capacity: Int) : FlowBuffer() {
    init {
      require(capacity >= 1) { "capacity < 1: $capacity" }
    }

    override fun <T> applyTo(flow: Flow<T>): Flow<T> = flow.buffer(capacity, BufferOverflow.DROP_OLDEST)

    override fun equals(other: Any?): Boolean = other is DropOldest && other.capacity == capacity

    override fun hashCode(): Int = capacity

    override fun toString(): String = "FlowBuffer.DropOldest($capacity)"
  }

  /**
   * Every state the observer got waits, however many: nothing is dropped, and memory grows while the
   * collector is behind. For tests and recorders, not for screens.
   */
  public object Unlimited : FlowBuffer() {
    override fun <T> applyTo(flow: Flow<T>): Flow<T> = flow.buffer(Channel.UNLIMITED)

    override fun toString(): String = "FlowBuffer.Unlimited"
  }
}
