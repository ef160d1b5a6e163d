package dev.threadline;

import org.jspecify.annotations.Nullable;

/** Where a workflow (thread) is in its life, as the backend's {@code status} field says. */
public enum WorkflowStatus {
  /** The workflow is processing the latest user input. */
  RUNNING,
  /** The latest round finished normally. */
  COMPLETED,
  /** The user stopped the workflow. */
  STOPPED,
  /** The workflow failed. */
  ERROR,
  /** A status this SDK does not know; treated as not finished. */
  UNKNOWN;

  /** Maps the backend's status text; unknown or missing text gives {@link #UNKNOWN}. */
  public static WorkflowStatus fromWire(@Nullable String status) {
    if (status == null) return UNKNOWN;
    switch (status) {
      case "running": return RUNNING;
      case "completed": return COMPLETED;
      case "stopped": return STOPPED;
      case "error": return ERROR;
      default: return UNKNOWN;
    }
  }

  /** Whether the workflow has ended: {@link #COMPLETED}, {@link #STOPPED} or {@link #ERROR}. */
  public boolean isFinished() {
    return this == COMPLETED || this == STOPPED || this == ERROR;
  }
}
