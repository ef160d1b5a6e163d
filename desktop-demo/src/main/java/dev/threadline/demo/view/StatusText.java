package dev.threadline.demo.view;

import dev.threadline.WorkflowStatus;

/** A workflow's status as a user reads it, and its tone. */
public final class StatusText {
  private StatusText() {}

  /** {@code status} in words; a status this version does not know shows the server's own word. */
  public static String of(WorkflowStatus status, String wireText) {
    switch (status) {
      case RUNNING: return "Running…";
      case COMPLETED: return "Completed";
      case STOPPED: return "Stopped";
      case ERROR: return "Failed";
      default: return wireText == null ? "Unknown" : wireText;
    }
  }

  /** The tone that stands for {@code status}. */
  public static Tone tone(WorkflowStatus status) {
    switch (status) {
      case RUNNING: return Tone.RUNNING;
      case COMPLETED: return Tone.SUCCESS;
      case STOPPED: return Tone.WARNING;
      case ERROR: return Tone.DANGER;
      default: return Tone.NEUTRAL;
    }
  }
}
