package dev.threadline.demo.view;

/** The colour a piece of status text stands in; each window maps it to its own palette. */
public enum Tone {
  /** Nothing to note: cached, unknown, new. */
  NEUTRAL,
  /** A round is running. */
  RUNNING,
  /** Done, live, up to date. */
  SUCCESS,
  /** Stopped, connecting, reconnecting, catching up. */
  WARNING,
  /** Failed, connection lost. */
  DANGER
}
