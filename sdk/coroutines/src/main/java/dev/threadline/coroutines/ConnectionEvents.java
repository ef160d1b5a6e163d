package dev.threadline.coroutines;

import dev.threadline.ChatbotEventListener;
import kotlinx.coroutines.channels.BufferOverflow;
import kotlinx.coroutines.flow.FlowKt;
import kotlinx.coroutines.flow.MutableSharedFlow;
import kotlinx.coroutines.flow.SharedFlow;
import kotlinx.coroutines.flow.SharedFlowKt;

/**
 * The client's connection events as a hot {@link SharedFlow}: give it to the builder as the event
 * listener, collect {@link #events()} wherever connection health is logged or charted.
 *
 * <pre>{@code
 * val connectionEvents = ConnectionEvents()
 * val client = ChatbotClient.builder()...eventListener(connectionEvents).build()
 * scope.launch { connectionEvents.events().collect { Log.i("chat", it.toString()) } }
 * }</pre>
 *
 * <p>Events are published without blocking the client's engine thread: each collector has a buffer of
 * {@code bufferCapacity} events, and a collector that falls further behind loses the oldest ones. Nothing
 * is replayed: a collector sees the events from when it starts. Thread-safe.
 */
public final class ConnectionEvents extends ChatbotEventListener {
  /** The buffer of {@link #ConnectionEvents()}. */
  public static final int DEFAULT_BUFFER_CAPACITY = 64;

  private final MutableSharedFlow<ConnectionEvent> events;

  /** Connection events with a buffer of {@link #DEFAULT_BUFFER_CAPACITY}. */
  public ConnectionEvents() {
    this(DEFAULT_BUFFER_CAPACITY);
  }

  /**
   * Connection events with a buffer of {@code bufferCapacity} events per slow collector.
   *
   * @throws IllegalArgumentException if {@code bufferCapacity} is less than 1
   */
  public ConnectionEvents(int bufferCapacity) {
    if (bufferCapacity < 1) throw new IllegalArgumentException("bufferCapacity < 1: " + bufferCapacity);
    this.events = SharedFlowKt.MutableSharedFlow(0, bufferCapacity, BufferOverflow.DROP_OLDEST);
  }

  /** The events, hot: collecting never ends on its own; cancel the collector to stop. */
  public SharedFlow<ConnectionEvent> events() {
    return FlowKt.asSharedFlow(events);
  }

  /** Publishes {@code kind} for {@code workflowId}. */
  private void publish(ConnectionEvent.Kind kind, String workflowId, int attempt, long delayMillis, int count,
      Throwable cause, boolean available) {
    events.tryEmit(new ConnectionEvent(kind, workflowId, attempt, delayMillis, count, cause, available));
  }

  /** Publishes {@link ConnectionEvent.Kind#STREAM_OPENED}. */
  @Override public void streamOpened(String workflowId) {
    publish(ConnectionEvent.Kind.STREAM_OPENED, workflowId, 0, 0, 0, null, false);
  }

  /** Publishes {@link ConnectionEvent.Kind#STREAM_ENDED}. */
  @Override public void streamEnded(String workflowId, Throwable cause) {
    publish(ConnectionEvent.Kind.STREAM_ENDED, workflowId, 0, 0, 0, cause, false);
  }

  /** Publishes {@link ConnectionEvent.Kind#RECONNECT_SCHEDULED}. */
  @Override public void reconnectScheduled(String workflowId, int attempt, long delayMillis, Throwable cause) {
    publish(ConnectionEvent.Kind.RECONNECT_SCHEDULED, workflowId, attempt, delayMillis, 0, cause, false);
  }

  /** Publishes {@link ConnectionEvent.Kind#RESYNC_STARTED}. */
  @Override public void resyncStarted(String workflowId) {
    publish(ConnectionEvent.Kind.RESYNC_STARTED, workflowId, 0, 0, 0, null, false);
  }

  /** Publishes {@link ConnectionEvent.Kind#RESYNC_FINISHED}. */
  @Override public void resyncFinished(String workflowId, int duplicates) {
    publish(ConnectionEvent.Kind.RESYNC_FINISHED, workflowId, 0, 0, duplicates, null, false);
  }

  /** Publishes {@link ConnectionEvent.Kind#DUPLICATES_ABSORBED}. */
  @Override public void duplicatesAbsorbed(String workflowId, int count) {
    publish(ConnectionEvent.Kind.DUPLICATES_ABSORBED, workflowId, 0, 0, count, null, false);
  }

  /** Publishes {@link ConnectionEvent.Kind#GAVE_UP}. */
  @Override public void gaveUp(String workflowId, Throwable cause) {
    publish(ConnectionEvent.Kind.GAVE_UP, workflowId, 0, 0, 0, cause, false);
  }

  /** Publishes {@link ConnectionEvent.Kind#NETWORK_CHANGED}. */
  @Override public void networkChanged(boolean available) {
    publish(ConnectionEvent.Kind.NETWORK_CHANGED, null, 0, 0, 0, null, available);
  }
}
