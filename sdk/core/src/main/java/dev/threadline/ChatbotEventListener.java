package dev.threadline;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
/**
 * Hears how connections fare, to log or chart connection health (like OkHttp's {@code EventListener}):
 * override the methods you care about; each does nothing by default. Methods are called on the client's
 * engine thread and must return quickly (hand slow work elsewhere).
 *
 * <p>Each event of a thread names it with a {@link RoundRef}: its workflow id (null for a new thread whose id
 * is not known yet) and the {@link SendCall#id()} of the send its round serves (0 for a round that only
 * observes), the same for all of a send's events. Events pair up: every {@link #streamOpened} is followed
 * by one {@link #streamEnded} (a stream that fails before it opens reports only {@link #streamEnded}, with
 * the cause), every {@link #resyncStarted} by one {@link #resyncFinished} or {@link #resyncFailed}, with the
 * same send id; a stream or re-read the client cancels (the thread was deleted elsewhere, the client
 * closed, the round failed) ends with a {@link java.util.concurrent.CancellationException} as the cause.
 *
 * <p>A method that throws does not disturb the SDK: the thread's recovery and cache writes go on as if it
 * had returned, the thread's observers get a {@link CallbackException} in {@link ThreadObserver#onError},
 * and {@link #unexpectedError} is called with it. The listener is called again for later events.
 */
public abstract class ChatbotEventListener {
  /** A listener that does nothing. */
  public static final ChatbotEventListener NONE = new ChatbotEventListener() { };

  /** A stream opened. */
  public void streamOpened(RoundRef round) {}

  /** A stream ended: {@code cause} is null for a clean close by the server. */
  public void streamEnded(RoundRef round, @Nullable Throwable cause) {}

  /** Recovery will try again: attempt {@code attempt} (from 1) after {@code delay}, because of {@code cause}. */
  public void reconnectScheduled(RoundRef round, int attempt, Duration delay, Throwable cause) {}

  /** The thread is being re-read from the server. */
  public void resyncStarted(RoundRef round) {}

  /** A re-read was merged; it held {@code duplicates} items the client already had. */
  public void resyncFinished(RoundRef round, int duplicates) {}

  /**
   * A re-read failed with {@code cause}: the end of its {@link #resyncStarted}, as {@link #resyncFinished} is
   * when it succeeds (what recovery does next is reported as usual, e.g. {@link #reconnectScheduled}).
   */
  public void resyncFailed(RoundRef round, Throwable cause) {}

  /** The merge absorbed {@code count} copies of items the thread already held. */
  public void duplicatesAbsorbed(RoundRef round, int count) {}

  /**
   * A change of the thread was merged for its observers: {@code source} says where it came from, and
   * {@code duplicates} how many of the items it brought the thread already held (absorbed, not shown twice).
   */
  public void delivered(RoundRef round, ChangeSource source, int duplicates) {}

  /** Recovery used up its time budget. */
  public void gaveUp(RoundRef round, Throwable cause) {}

  /** The app said the network came ({@code available}) or went. */
  public void networkChanged(boolean available) {}

  /**
   * Code that must not throw did, and the SDK carried on without it: an observer, another method of this
   * listener, or a task of the SDK's own (a bug); {@code error}'s cause is what was thrown. {@code round} is
   * {@link RoundRef#NONE} for an error of no thread (e.g. of a thread list observer). If this method
   * throws too, only the thread's observers hear of it.
   */
  public void unexpectedError(RoundRef round, CallbackException error) {}
}
