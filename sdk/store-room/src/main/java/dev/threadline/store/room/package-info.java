/**
 * The persistent cache for Android: {@link dev.threadline.store.room.RoomThreadStore}. Nothing here is null unless its\n * type says {@code @Nullable}.
 */
@NullMarked
package dev.threadline.store.room;

import org.jspecify.annotations.NullMarked;
