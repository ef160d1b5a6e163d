package dev.threadline.testkit;

/**
 * Which resumable-stream variant a {@link FakeChatbotServer} offers, besides the plain protocol.
 *
 * <p>The wire format of each is described exactly in the testkit README ("Resumable streams").
 */
public enum ResumeMode {
  /**
   * The real gateway: no SSE {@code id:}, no resume endpoint; a client that loses a stream re-reads the
   * thread. This is the default.
   */
  NONE,
  /**
   * SSE ids and {@code Last-Event-ID}: every item event carries {@code id: N} (per workflow, rising from 1),
   * {@code GET /api/chatbot/{workflowId}/stream} resumes after the id in the {@code Last-Event-ID} header,
   * and the end of a round is an explicit {@code event: end}.
   */
  EVENT_IDS,
  /**
   * Sequence cursors: every item event's JSON carries {@code "seq_id": N},
   * {@code GET /api/chatbot/{workflowId}/stream?starting_after=N} resumes after it, and the end of a round is
   * {@code data: [DONE]}.
   */
  SEQ_CURSOR
}
