package dev.threadline.testkit.internal;

/**
 * One entry of a workflow's event stream: an item was created or updated ({@link #item()} non-null, with a
 * per-workflow {@link #id()} rising from 1), or a round ended ({@link #endStatus()} non-null, id 0).
 * Immutable.
 */
public final class StreamEvent {
  private final int id;
  private final StoredItem item;
  private final String endStatus;

  private StreamEvent(int id, StoredItem item, String endStatus) {
    this.id = id;
    this.item = item;
    this.endStatus = endStatus;
  }

  /** An item event with sequence id {@code id}. */
  public static StreamEvent item(int id, StoredItem item) {
    return new StreamEvent(id, item, null);
  }

  /** The end of a round with workflow status {@code status}. */
  public static StreamEvent end(String status) {
    return new StreamEvent(0, null, status);
  }

  /** The sequence id of an item event; 0 for an end. */
  public int id() {
    return id;
  }

  /** The item, or null for an end. */
  public StoredItem item() {
    return item;
  }

  /** The workflow status a round ended with, or null for an item event. */
  public String endStatus() {
    return endStatus;
  }

  /** Whether this marks the end of a round. */
  public boolean isEnd() {
    return endStatus != null;
  }
}
