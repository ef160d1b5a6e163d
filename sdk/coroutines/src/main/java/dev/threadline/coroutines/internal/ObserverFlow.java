package dev.threadline.coroutines.internal;

import dev.threadline.Subscription;
import kotlin.Unit;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.intrinsics.IntrinsicsKt;
import kotlinx.coroutines.flow.AbstractFlow;
import kotlinx.coroutines.flow.FlowCollector;
import kotlinx.coroutines.flow.MutableStateFlow;
import kotlinx.coroutines.flow.StateFlowKt;

/**
 * A cold flow over an SDK observer: each collection registers its own observer, hands the observer's
 * states to the collector through a conflating {@link MutableStateFlow} (a slow collector gets the latest
 * state, as the SDK's own observers do), and closes the {@link Subscription} when the collection ends for
 * any reason: cancelled, failed, or the collector threw.
 *
 * <p>{@code collect} is a suspend function; written in Java it takes the caller's continuation, passes a
 * wrapping continuation to the state flow's {@code collect} (which only ever ends by an exception, i.e. on
 * cancellation or failure) and closes the subscription before resuming the caller. The three ways
 * {@code collect} can return (suspended, thrown at once, returned at once) each close it.
 *
 * @param <T> what the flow emits
 */
public final class ObserverFlow<T> extends AbstractFlow<T> {
  /** Registers an SDK observer that feeds {@code sink}; returns its registration. */
  public interface Source<T> {
    /** Starts observing; called once per collection, on the collecting coroutine's thread. */
    Subscription register(Sink<T> sink);
  }

  /** Where an observer puts what it sees. Thread-safe; never blocks. */
  public interface Sink<T> {
    /** The newest value; replaces one the collector has not taken yet. */
    void offer(T value);

    /** Ends the collection with {@code error} once the collector reaches it. */
    void fail(RuntimeException error);
  }

  private static final Object NOTHING_YET = new Object();

  private final Source<T> source;

  /** A flow that observes through {@code source}. */
  public ObserverFlow(Source<T> source) {
    this.source = source;
  }

  @Override public Object collectSafely(FlowCollector<? super T> collector, Continuation<? super Unit> completion) {
    MutableStateFlow<Object> latest = StateFlowKt.MutableStateFlow(NOTHING_YET);
    Subscription subscription = source.register(new Sink<T>() {
      @Override public void offer(T value) {
        latest.setValue(value);
      }

      @Override public void fail(RuntimeException error) {
        latest.setValue(new Failure(error));
      }
    });
    Continuation<Object> closing = new Continuation<Object>() {
      @Override public CoroutineContext getContext() {
        return completion.getContext();
      }

      @Override public void resumeWith(Object result) {
        subscription.close();
        completion.resumeWith(result);
      }
    };
    Object outcome;
    try {
      outcome = latest.collect(new Forwarder<>(collector), closing);
    } catch (RuntimeException | Error e) {
      subscription.close();
      throw e;
    }
    if (outcome != IntrinsicsKt.getCOROUTINE_SUSPENDED()) subscription.close();
    return outcome;
  }

  /** Passes values on, skips the placeholder, and throws a failure. */
  private static final class Forwarder<T> implements FlowCollector<Object> {
    private final FlowCollector<? super T> downstream;

    Forwarder(FlowCollector<? super T> downstream) {
      this.downstream = downstream;
    }

    @SuppressWarnings("unchecked")
    @Override public Object emit(Object value, Continuation<? super Unit> continuation) {
      if (value == NOTHING_YET) return Unit.INSTANCE;
      if (value instanceof Failure) throw ((Failure) value).error;
      return downstream.emit((T) value, continuation);
    }
  }

  /** A failure travelling through the state flow (never equal to another, so it is always delivered). */
  private static final class Failure {
    final RuntimeException error;

    Failure(RuntimeException error) {
      this.error = error;
    }
  }
}
