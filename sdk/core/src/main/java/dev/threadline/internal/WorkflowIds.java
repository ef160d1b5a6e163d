package dev.threadline.internal;

/** Checks workflow ids before they become path segments or query values. */
final class WorkflowIds {
  private WorkflowIds() {}

  /**
   * Returns {@code id} if it can be sent. OkHttp encodes {@code /}, {@code ?} and the like inside a path
   * segment, so {@code ../threads} stays one segment; but {@code .} and {@code ..} (also percent-encoded)
   * are dot segments that URL resolution would apply, reaching another route, so they are refused.
   *
   * @throws IllegalArgumentException if {@code id} is null, empty, blank, or a dot segment
   */
  static String check(String id) {
    if (id == null || id.trim().isEmpty()) throw new IllegalArgumentException("workflow id is empty");
    String lower = id.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals(".") || lower.equals("..") || lower.equals("%2e") || lower.equals("%2e%2e")
        || lower.equals(".%2e") || lower.equals("%2e.")) {
      throw new IllegalArgumentException("workflow id is a dot segment: " + id);
    }
    return id;
  }
}
