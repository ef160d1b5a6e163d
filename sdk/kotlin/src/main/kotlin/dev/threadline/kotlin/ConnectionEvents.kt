package dev.threadline.kotlin

import dev.threadline.ChatbotEventListener
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
  override fun streamOpened(workflowId: String?): Unit = publish(ConnectionEvent.StreamOpened(workflowId))

  /** Publishes [ConnectionEvent.StreamEnded]. */
  override fun streamEnded(workflowId: String?, cause: Throwable?): Unit =
    publish(ConnectionEvent.StreamEnded(workflowId, cause))

  /** Publishes [ConnectionEvent.ReconnectScheduled]. */
  override fun reconnectScheduled(workflowId: String?, attempt: Int, delayMillis: Long, cause: Throwable?): Unit =
    publish(ConnectionEvent.ReconnectScheduled(workflowId, attempt, delayMillis, cause))

  /** Publishes [ConnectionEvent.ResyncStarted]. */
  override fun resyncStarted(workflowId: String?): Unit = publish(ConnectionEvent.ResyncStarted(workflowId))

  /** Publishes [ConnectionEvent.ResyncFinished]. */
  override fun resyncFinished(workflowId: String?, duplicates: Int): Unit =
    publish(ConnectionEvent.ResyncFinished(workflowId, duplicates))

  /** Publishes [ConnectionEvent.DuplicatesAbsorbed]. */
  override fun duplicatesAbsorbed(workflowId: String?, count: Int): Unit =
    publish(ConnectionEvent.DuplicatesAbsorbed(workflowId, count))

  /** Publishes [ConnectionEvent.GaveUp]. */
  override fun gaveUp(workflowId: String?, cause: Throwable?): Unit = publish(ConnectionEvent.GaveUp(workflowId, cause))

  /** Publishes [ConnectionEvent.NetworkChanged]. */
  override fun networkChanged(available: Boolean): Unit = publish(ConnectionEvent.NetworkChanged(available))

  public companion object {
    /** The default [bufferCapacity]. */
    public const val DEFAULT_BUFFER_CAPACITY: Int = 64
  }
}

/**
 * One thing that happened to the client's connections: the calls of [ChatbotEventListener] as values.
 * [workflowId] is null for a new thread whose id is not known yet (and for [NetworkChanged]).
 */
public sealed class ConnectionEvent {
  /** The thread concerned, or null. */
  public abstract val workflowId: String?

  /** A stream opened. */
  public data class StreamOpened(override val workflowId: String?) : ConnectionEvent()

  /** A stream ended; [cause] is null for a clean close by the server. */
  public data class StreamEnded(override val workflowId: String?, val cause: Throwable?) : ConnectionEvent()

  /** Recovery will try again: attempt [attempt] (from 1) after [delayMillis], because of [cause]. */
  public data class ReconnectScheduled(
    override val workflowId: String?,
    val attempt: Int,
    val delayMillis: Long,
    val cause: Throwable?,
  ) : ConnectionEvent()

  /** The thread is being re-read from the server. */
  public data class ResyncStarted(override val workflowId: String?) : ConnectionEvent()

  /** A re-read was merged; it held [duplicates] items the client already had. */
  public data class ResyncFinished(override val workflowId: String?, val duplicates: Int) : ConnectionEvent()

  /** The merge absorbed [count] copies of items the thread already held. */
  public data class DuplicatesAbsorbed(override val workflowId: String?, val count: Int) : ConnectionEvent()

  /** Recovery used up its time budget, because of [cause]. */
  public data class GaveUp(override val workflowId: String?, val cause: Throwable?) : ConnectionEvent()

  /** The app said the network came ([available]) or went. */
  public data class NetworkChanged(val available: Boolean) : ConnectionEvent() {
    override val workflowId: String? get() = null
  }
}
