package dev.threadline.testkit.internal;

import dev.threadline.testkit.ResumeMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact bytes of stream events, per {@link ResumeMode}. Items are written with Python's
 * {@code json.dumps} defaults, as the backend's {@code f"data: {json.dumps(item)}\n\n"} does.
 */
public final class SseFormat {
  /** The keepalive comment the backend sends when idle. */
  public static final String KEEPALIVE = ": keepalive\n\n";
  /** The malformed event of {@code Fault.malformedLine}: a data line cut off mid-JSON. */
  public static final String MALFORMED = "data: {\"type\": \"message\", \"createdAt\": 17\n\n";
  /** The end marker of {@link ResumeMode#SEQ_CURSOR}. */
  public static final String DONE = "data: [DONE]\n\n";

  private SseFormat() {}

  /** The event for {@code item}, whose per-workflow sequence id is {@code id}. */
  public static String item(ResumeMode mode, int id, StoredItem item) {
    Map<String, Object> tree = item.wireTree();
    switch (mode) {
      case EVENT_IDS:
        return "id: " + id + "\ndata: " + JsonText.write(tree, JsonText.Style.PYTHON_DUMPS) + "\n\n";
      case SEQ_CURSOR:
        Map<String, Object> withSeq = new LinkedHashMap<>(tree);
        withSeq.put("seq_id", id);
        return "data: " + JsonText.write(withSeq, JsonText.Style.PYTHON_DUMPS) + "\n\n";
      default:
        return "data: " + JsonText.write(tree, JsonText.Style.PYTHON_DUMPS) + "\n\n";
    }
  }

  /** The end-of-round event, or null where the mode has none (the plain protocol just closes). */
  public static String end(ResumeMode mode, String workflowId, String status) {
    switch (mode) {
      case EVENT_IDS: {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("workflowId", workflowId);
        data.put("status", status);
        return "event: end\ndata: " + JsonText.write(data, JsonText.Style.PYTHON_DUMPS) + "\n\n";
      }
      case SEQ_CURSOR:
        return DONE;
      default:
        return null;
    }
  }
}
