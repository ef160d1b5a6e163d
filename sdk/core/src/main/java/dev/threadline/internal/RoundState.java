package dev.threadline.internal;

import dev.threadline.ConnectionState;
import dev.threadline.WorkflowStatus;

/**
 * Where a thread's round stands, as {@link ThreadController} follows it. One state at a time; the
 * controller's transitions are the only way from one to another.
 */
enum RoundState {
  /** Nothing in flight and nothing pending: not started, released, or forgotten. */
  IDLE,
  /** The prompt's POST (or a resumable stream's reconnection) is in flight; no stream is open yet. */
  POSTING,
  /** A stream is open. */
  STREAMING,
  /** The thread is being re-read. */
  RESYNCING,
  /** A new thread whose id never came is being looked up in the thread list. */
  FINDING,
  /** Waiting for a timer (a retry or a poll) to run the next step. */
  WAITING,
  /** The next step waits for the network to come back (the app said it is gone); no timer runs. */
  PAUSED_OFFLINE,
  /**
   * Only prompts waiting in the offline queue ({@link Outbox}), or for it to be read at start: nothing is in
   * flight, and nothing is read.
   */
  QUEUED,
  /** The round ended: the workflow completed. */
  COMPLETED,
  /** The round ended: the workflow was stopped. */
  STOPPED,
  /** The round ended: the workflow failed, or the send or re-read was refused for good. */
  FAILED,
  /** Recovery spent its time budget. */
  GAVE_UP;

  /** Whether a request or a stream of the round is in flight (its answer will move the round on). */
  boolean inFlight() {
    return this == POSTING || this == STREAMING || this == RESYNCING || this == FINDING;
  }

  /** Whether a next step is pending: a timer, or the network's return. */
  boolean pending() {
    return this == WAITING || this == PAUSED_OFFLINE;
  }

  /** The outcome of a round whose workflow finished with {@code status}. */
  static RoundState outcomeOf(WorkflowStatus status) {
    switch (status) {
      case COMPLETED: return COMPLETED;
      case STOPPED: return STOPPED;
      default: return FAILED;
    }
  }

  /** What observers see of this outcome, when the workflow itself decided it. */
  ConnectionState shownOutcome() {
    switch (this) {
      case COMPLETED: return ConnectionState.COMPLETED;
      case STOPPED: return ConnectionState.STOPPED;
      default: return ConnectionState.failed(null);
    }
  }
}
