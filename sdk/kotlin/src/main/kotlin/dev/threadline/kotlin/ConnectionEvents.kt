package dev.threadline.kotlin

import dev.threadline.CallbackException
import dev.threadline.ChangeSource
import dev.threadline.ChatbotEventListener
import dev.threadline.RoundRef
import java.time.Duration
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.asSharedFlow

/**
 * The client's connection events as a hot [SharedFlow]: give it to the builder as its event listener,
 * collect [events] wherever connection health is logged or charted.
 *
 * ```
 * val connectionEvents = ConnectionEvents()
 * val client = ChatbotClient.builder().baseUrl(url).eventListener(connectionEvents).build()
 * scope.launch { connectionEvents.events.collect { Log.i("chat", it.toString()) } }
 * ```
 *
 * Buffer and overflow: events are published without ever blocking the client's engine thread. Each
 * collector may fall [bufferCapacity] events behind; past that the oldest event it has not taken is
 * dropped. Nothing is replayed: a collector sees the events from when it starts. Thread-safe.
 *
 * @param bufferCapacity how many events a slow collector may be behind; at least 1
 */
public class ConnectionEvents(public val bufferCapacity: Int = DEFAULT_BUFFER_CAPACITY) : ChatbotEventListener() {
  init {
    require(bufferCapacity >= 1) { "bufferCapacity < 1: $bufferCapacity" }
  }

  private val published = MutableSharedFlow<ConnectionEvent>(
    replay = 0, extraBufferCapacity = bufferCapacity, onBufferOverflow = BufferOverflow.DROP_OLDEST)

  /** The events, hot: a collection never ends on its own; cancel the collector to stop. */
  public val events: SharedFlow<ConnectionEvent> = published.asSharedFlow()

  private fun publish(event: ConnectionEvent) {
    published.tryEmit(event)
  }

  /** Publishes [ConnectionEvent.StreamOpened]. */
  override fun streamOpened(round: RoundRef): Unit = publish(ConnectionEvent.StreamOpened(round))

  /** Publishes [ConnectionEvent.StreamEnded]. */
  override fun streamEnded(round: RoundRef, cause: Throwable?): Unit =
    publish(ConnectionEvent.StreamEnded(round, cause))

  /** Publishes [ConnectionEvent.ReconnectScheduled]. */
  override fun reconnectScheduled(round: RoundRef, attempt: Int, delay: Duration, cause: Throwable): Unit =
    publish(ConnectionEvent.ReconnectScheduled(round, attempt, delay, cause))

  /** Publishes [ConnectionEvent.ResyncStarted]. */
  override fun resyncStarted(round: RoundRef): Unit = publish(ConnectionEvent.ResyncStarted(round))

  /** Publishes [ConnectionEvent.ResyncFinished]. */
  override fun resyncFinished(round: RoundRef, duplicates: Int): Unit =
    publish(ConnectionEvent.ResyncFinished(round, duplicates))

  /** Publishes [ConnectionEvent.ResyncFailed]. */
  override fun resyncFailed(round: RoundRef, cause: Throwable): Unit =
    publish(ConnectionEvent.ResyncFailed(round, cause))

  /** Publishes [ConnectionEvent.DuplicatesAbsorbed]. */
  override fun duplicatesAbsorbed(round: RoundRef, count: Int): Unit =
    publish(ConnectionEvent.DuplicatesAbsorbed(round, count))

  /** Publishes [ConnectionEvent.Delivered]. */
  override fun delivered(round: RoundRef, source: ChangeSource, duplicates: Int): Unit =
    publish(ConnectionEvent.Delivered(round, source, duplicates))

  /** Publishes [ConnectionEvent.GaveUp]. */
  override fun gaveUp(round: RoundRef, cause: Throwable): Unit = publish(ConnectionEvent.GaveUp(round, cause))

  /** Publishes [ConnectionEvent.NetworkChanged]. */
  override fun networkChanged(available: Boolean): Unit = publish(ConnectionEvent.NetworkChanged(available))

  /** Publishes [ConnectionEvent.UnexpectedError]. */
  override fun unexpectedError(round: RoundRef, error: CallbackException): Unit =
    publish(ConnectionEvent.UnexpectedError(round, error))

  public companion object {
    /** The default [bufferCapacity]. */
    public const val DEFAULT_BUFFER_CAPACITY: Int = 64
  }
}

/**
 * One thing that happened to the client's connections: the calls of [ChatbotEventListener] as values, each
 * naming the thread and the send it belongs to as [round] ([RoundRef.NONE] for [NetworkChanged]).
 */
public sealed class ConnectionEvent {
  /** The thread and the send concerned. */
  public abstract val round: RoundRef

  /** The thread concerned, or null for a new thread whose id is not known yet (and for [NetworkChanged]). */
  public val workflowId: String? get() = round.workflowId()

  /** The [dev.threadline.SendCall.id] of the send concerned, or 0 when it concerns none. */
  public val sendId: Long get() = round.sendId()

  /** A stream opened. */
  public data class StreamOpened(override val round: RoundRef) : ConnectionEvent()

  /** A stream ended; [cause] is null for a clean close by the server. */
  public data class StreamEnded(override val round: RoundRef, val cause: Throwable?) : ConnectionEvent()

  /** Recovery will try again: attempt [attempt] (from 1) after [delay], because of [cause]. */
  public data class ReconnectScheduled(
    override val round: RoundRef,
    val attempt: Int,
    val delay: Duration,
    val cause: Throwable,
  ) : ConnectionEvent()

  /** The thread is being re-read from the server. */
  public data class ResyncStarted(override val round: RoundRef) : ConnectionEvent()

  /** A re-read was merged; it held [duplicates] items the client already had. */
  public data class ResyncFinished(override val round: RoundRef, val duplicates: Int) : ConnectionEvent()

  /** A re-read failed with [cause]: the end of its [ResyncStarted], as [ResyncFinished] is when it succeeds. */
  public data class ResyncFailed(override val round: RoundRef, val cause: Throwable) : ConnectionEvent()

  /** The merge absorbed [count] copies of items the thread already held. */
  public data class DuplicatesAbsorbed(override val round: RoundRef, val count: Int) : ConnectionEvent()

  /** A change from [source] was merged for the thread's observers; [duplicates] of its items were already held. */
  public data class Delivered(override val round: RoundRef, val source: ChangeSource, val duplicates: Int) :
    ConnectionEvent()

  /** Recovery used up its time budget, because of [cause]. */
  public data class GaveUp(override val round: RoundRef, val cause: Throwable) : ConnectionEvent()

  /** The app said the network came ([available]) or went. */
  public data class NetworkChanged(val available: Boolean) : ConnectionEvent() {
    override val round: RoundRef get() = RoundRef.NONE
  }

  /** Code that must not throw did ([error]'s cause), and the client carried on without it. */
  public data class UnexpectedError(override val round: RoundRef, val error: CallbackException) : ConnectionEvent()
}
