package dev.threadline.testkit.internal;

import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import dev.threadline.testkit.internal.JsonText.Num;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One stored chat data item: {@code type}, exact {@code createdAt} and the item record. Immutable. */
public final class StoredItem {
  private final String type;
  private final Num createdAt;
  private final Map<String, Object> fields;

  /** An item; {@code fields} is copied, keeping its order. */
  public StoredItem(String type, Num createdAt, Map<String, Object> fields) {
    this.type = type;
    this.createdAt = createdAt;
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The item type. */
  public String type() {
    return type;
  }

  /** The creation time literal. */
  public Num createdAt() {
    return createdAt;
  }

  /** The item record's fields, in order. */
  public Map<String, Object> fields() {
    return fields;
  }

  /** The item's {@code id}, or null. */
  public String id() {
    Object id = fields.get("id");
    return id instanceof String ? (String) id : null;
  }

  /** The item's {@code roundNumber}, or null. */
  public Integer roundNumber() {
    Object round = fields.get("roundNumber");
    return round instanceof Integer ? (Integer) round : null;
  }

  /** A copy with {@code name} set to {@code value} (appended if new). */
  public StoredItem with(String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(fields);
    copy.put(name, value);
    return new StoredItem(type, createdAt, copy);
  }

  /** The chat data item {@code {"type", "createdAt", "item"}} as a JSON tree. */
  public Map<String, Object> wireTree() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("type", type);
    tree.put("createdAt", createdAt);
    tree.put("item", fields);
    return tree;
  }

  /** This item as the core model has it after a thread read (compact JSON, as the REST routes write it). */
  public ChatItem toChatItem() {
    return ChatItem.of(type, EpochSeconds.parse(createdAt.toString()),
        JsonText.write(fields, JsonText.Style.COMPACT));
  }
}
