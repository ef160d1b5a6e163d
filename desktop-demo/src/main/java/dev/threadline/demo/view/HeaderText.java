package dev.threadline.demo.view;

import dev.threadline.ConnectionState;
import dev.threadline.ThreadState;
import dev.threadline.Workflow;
import dev.threadline.WorkflowStatus;

/**
 * The bar above a conversation: the thread's title, its status in words and tone, and whether Stop (a
 * round runs) and Delete (the thread exists on the server) apply.
 */
public record HeaderText(String title, String status, Tone tone, boolean canStop, boolean canDelete) {
  /** A new thread, not yet sent. */
  public static HeaderText newThread() {
    return new HeaderText("New thread", "New", Tone.NEUTRAL, false, false);
  }

  /** A thread just selected, as the list has it ({@code listed} may be null), before its state arrives. */
  public static HeaderText selected(Workflow listed, boolean offline) {
    return of(listed == null ? null : listed.name(), listed == null ? null : listed.status(),
        listed == null ? null : listed.statusText(), false, !offline);
  }

  /**
   * The header for {@code state}.
   *
   * @param listed the thread as the list has it, or null
   * @param newThreadTitle the prompt that started a thread whose name is not known yet, or null
   * @param offline whether the session serves cached data only (no Stop, no Delete)
   */
  public static HeaderText of(ThreadState state, Workflow listed, String newThreadTitle, boolean offline) {
    String id = state.workflowId();
    Workflow workflow = state.workflow();
    boolean running = ConversationBlocks.isActive(state.connection()) || (workflow != null
        && workflow.status() == WorkflowStatus.RUNNING && state.connection().kind() != ConnectionState.Kind.STOPPED);
    String title = workflow != null && workflow.name() != null ? workflow.name()
        : listed != null ? listed.name() : newThreadTitle;
    return of(title, running ? WorkflowStatus.RUNNING : workflow == null ? null : workflow.status(),
        workflow == null ? null : workflow.statusText(), running && id != null && !offline, id != null && !offline);
  }

  private static HeaderText of(String title, WorkflowStatus status, String wireStatus, boolean canStop,
      boolean canDelete) {
    return new HeaderText(title == null || title.isBlank() ? "Untitled thread" : title,
        status == null ? "New" : StatusText.of(status, wireStatus),
        status == null ? Tone.NEUTRAL : StatusText.tone(status), canStop, canDelete);
  }
}
