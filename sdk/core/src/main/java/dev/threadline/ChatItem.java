package dev.threadline;

import dev.threadline.internal.wire.CanonicalJson;
import dev.threadline.internal.wire.ItemCodec;
import java.math.BigDecimal;
import java.util.Objects;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a thread: a message, a log line, a statistic, or a type this SDK does not know yet.
 *
 * <p>This is the backend's "chat data item" {@code {"type", "createdAt", "item"}}. The fields of the
 * {@code item} record the SDK knows ({@link #id()}, {@link #workflowId()}, {@link #roundNumber()},
 * {@link #role()}, {@link #message()}, {@link #status()}, {@link #progress()}) are read once, when the item
 * is made; all other fields are kept as JSON, so fields the SDK does not know survive a round trip to the
 * cache and back unchanged in value ({@link #itemJson()}, {@link #rawField(String)}).
 *
 * <p>Two copies of an item with the same {@link #identityKey()} are the same item; the later one replaces
 * the earlier one. Instances are immutable and thread-safe.
 */
public final class ChatItem {
  /** The {@code type} of user and assistant messages. */
  public static final String TYPE_MESSAGE = "message";
  /** The {@code type} of progress logs. */
  public static final String TYPE_LOG = "log";
  /** The {@code type} of statistics. */
  public static final String TYPE_STAT = "stat";

  static {
    ItemCodec.register(new Maker());
  }

  private final String type;
  private final EpochSeconds createdAt;
  private final @Nullable String id;
  private final @Nullable String workflowId;
  private final @Nullable Integer roundNumber;
  private final @Nullable String role;
  private final @Nullable String message;
  private final @Nullable String status;
  private final @Nullable Double progress;
  // The record's other fields, one canonical JSON object (null for none): see ItemCodec.
  private final byte @Nullable [] rest;
  private final byte flags;
  private final boolean pending;
  // Cached like String's: the hash of the item's value, computed on first use.
  private int hash;

  private ChatItem(String type, EpochSeconds createdAt, @Nullable String id, @Nullable String workflowId,
      @Nullable Integer roundNumber, @Nullable String role, @Nullable String message, @Nullable String status,
      @Nullable Double progress, byte @Nullable [] rest, int flags, boolean pending) {
    this.type = type;
    this.createdAt = createdAt;
    this.id = id;
    this.workflowId = workflowId;
    this.roundNumber = roundNumber;
    this.role = role;
    this.message = message;
    this.status = status;
    this.progress = progress;
    this.rest = rest;
    this.flags = (byte) flags;
    this.pending = pending;
  }

  /** Makes items for the wire layer, which decodes them. */
  private static final class Maker implements ItemCodec.Maker {
    @Override public ChatItem make(String type, EpochSeconds createdAt, ItemCodec.Record r) {
      return new ChatItem(type, createdAt, r.id, r.workflowId, r.roundNumber, r.role, r.message, r.status,
          r.progress, r.rest, r.flags, false);
    }
  }

  /**
   * Returns the item of {@code type} created at {@code createdAt} whose record is the JSON object
   * {@code itemJson}.
   *
   * @throws IllegalArgumentException if {@code itemJson} is not one well-formed JSON object
   */
  public static ChatItem of(String type, EpochSeconds createdAt, String itemJson) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(itemJson, "itemJson");
    return ItemCodec.item(type, createdAt, itemJson);
  }

  /**
   * Parses one chat data item, {@code {"type": …, "createdAt": …, "item": {…}}}, as the backend sends it
   * in a stream event or a thread read. Other top-level fields are ignored.
   *
   * @throws IllegalArgumentException if the JSON is malformed, or {@code type}, {@code createdAt} or
   *     {@code item} is missing or of the wrong kind
   */
  public static ChatItem fromJson(String json) {
    Objects.requireNonNull(json, "json");
    return ItemCodec.parse(json);
  }

  /** The kind of item: {@code message}, {@code log}, {@code stat}, or a newer kind. Never null. */
  public String type() {
    return type;
  }

  /** When the server created the item, exactly as it wrote it. Never null. */
  public EpochSeconds createdAt() {
    return createdAt;
  }

  /**
   * The whole {@code item} record as JSON text, including fields this SDK does not know: compact, the
   * fields the SDK knows first, every value exactly as received (a number may be spelled differently, never
   * rounded). Written on each call. Never null.
   */
  public String itemJson() {
    return ItemCodec.recordJson(this, rest, flags);
  }

  /** The item's {@code id}, or null if it has none. */
  public @Nullable String id() {
    return id;
  }

  /** The item's {@code workflowId}, or null if it has none. */
  public @Nullable String workflowId() {
    return workflowId;
  }

  /** The item's {@code roundNumber}, or null if it has none. */
  public @Nullable Integer roundNumber() {
    return roundNumber;
  }

  /** A message's {@code role} ({@code user}, {@code assistant}), or null. */
  public @Nullable String role() {
    return role;
  }

  /** The {@code message} text of a message or log, or null. */
  public @Nullable String message() {
    return message;
  }

  /** The item's {@code status}, or null. */
  public @Nullable String status() {
    return status;
  }

  /** A log's {@code progress} (0 to 1 as the backend writes it), or null. */
  public @Nullable Double progress() {
    return progress;
  }

  /** Whether this is a user message. */
  public boolean isUserMessage() {
    return TYPE_MESSAGE.equals(type) && "user".equals(role);
  }

  /**
   * Whether this is a local item the server has not confirmed yet: the echo of a prompt just sent, shown
   * until the server's own user message of that round replaces it. Pending items are never cached.
   */
  public boolean isPending() {
    return pending;
  }

  /** Returns a copy of this item marked {@linkplain #isPending() pending}. */
  public ChatItem asPending() {
    return new ChatItem(type, createdAt, id, workflowId, roundNumber, role, message, status, progress, rest, flags,
        true);
  }

  /**
   * Returns the JSON text of the top-level field {@code name} of the item record (compact, its value exactly
   * as received), or null if the record has no such field. Fields this SDK does not know are looked up on
   * each call.
   */
  public @Nullable String rawField(String name) {
    return ItemCodec.rawField(this, rest, flags, name);
  }

  /**
   * The item's identity, as a stable string: {@code type} and {@code id} when the item has an id,
   * otherwise {@code type}, {@code createdAt} (numerically normalized) and {@code roundNumber}. Two items
   * with the same key are copies of one item. Stores use it as a unique key, so its format never changes.
   */
  public String identityKey() {
    if (id != null) return type + "\u001fid\u001f" + id;
    BigDecimal exact = createdAt.toBigDecimal();
    String time = exact.signum() == 0 ? "0" : exact.stripTrailingZeros().toPlainString();
    return type + "\u001fat\u001f" + time + "\u001f" + (roundNumber == null ? "" : roundNumber);
  }

  /** The chat data item as the backend writes it: {@code {"type":…,"createdAt":…,"item":{…}}}. */
  public String toJson() {
    return ItemCodec.toJson(this, rest, flags);
  }

  /**
   * Equal when type, creation time (numerically), pending flag and item record are equal. The record is
   * compared as a JSON value, not as text: the backend spells one item differently on the stream (Python's
   * spaced, ASCII-escaped {@code json.dumps}) and in a thread read (compact UTF-8), and those are one
   * unchanged item; so are records whose fields come in another order or whose numbers are spelled
   * differently ({@code 1}, {@code 1.0}, {@code 1e0}).
   */
  @Override public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof ChatItem)) return false;
    ChatItem that = (ChatItem) o;
    return pending == that.pending && flags == that.flags && type.equals(that.type)
        && createdAt.equals(that.createdAt) && Objects.equals(id, that.id)
        && Objects.equals(workflowId, that.workflowId) && Objects.equals(role, that.role)
        && Objects.equals(message, that.message) && Objects.equals(status, that.status)
        && Objects.equals(roundNumber, that.roundNumber) && Objects.equals(progress, that.progress)
        && CanonicalJson.equal(rest, that.rest);
  }

  @Override public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Objects.hash(type, createdAt, id, workflowId, role, message, status, roundNumber, progress, pending) * 31
          + CanonicalJson.hash(rest);
      hash = h;
    }
    return h;
  }

  @Override public String toString() {
    return (pending ? "ChatItem(pending)" : "ChatItem") + toJson();
  }
}
