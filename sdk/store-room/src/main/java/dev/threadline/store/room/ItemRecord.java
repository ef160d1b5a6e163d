package dev.threadline.store.room;

import androidx.annotation.NonNull;
import androidx.room.ColumnInfo;
import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;

/**
 * The columns of an {@link ItemRow} that make its item: what reading a thread selects. The cursor copies
 * every selected column of every row, so the key, round and position columns, which only the writes use,
 * are left out.
 */
final class ItemRecord {
  @NonNull @ColumnInfo(name = "type")
  final String type;

  @NonNull @ColumnInfo(name = "created_at")
  final String createdAt;

  @NonNull @ColumnInfo(name = "item_json")
  final String itemJson;

  ItemRecord(@NonNull String type, @NonNull String createdAt, @NonNull String itemJson) {
    this.type = type;
    this.createdAt = createdAt;
    this.itemJson = itemJson;
  }

  /**
   * The item these columns hold.
   *
   * @throws IllegalArgumentException if they cannot be read
   */
  ChatItem item() {
    return ChatItem.of(type, EpochSeconds.parse(createdAt), itemJson);
  }
}
