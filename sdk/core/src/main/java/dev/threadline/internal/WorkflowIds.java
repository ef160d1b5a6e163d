package dev.threadline.internal;

import java.util.Locale;

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
    if (isDotSegment(id)) throw new IllegalArgumentException("workflow id is a dot segment: " + id);
    return id;
  }

  /** Whether {@code id} would pass {@link #check}: what a server names a thread must be, to be followed. */
  static boolean isUsable(String id) {
    return id != null && !id.trim().isEmpty() && !isDotSegment(id);
  }

  private static boolean isDotSegment(String id) {
    String lower = id.toLowerCase(Locale.ROOT);
    return lower.equals(".") || lower.equals("..") || lower.equals("%2e") || lower.equals("%2e%2e")
        || lower.equals(".%2e") || lower.equals("%2e.");
  }
}
