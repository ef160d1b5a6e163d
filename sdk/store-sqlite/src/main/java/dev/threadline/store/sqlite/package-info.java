/**
 * The persistent cache for desktop JVMs: {@link dev.threadline.store.sqlite.SqliteThreadStore}. Nothing here is null\n * unless its type says {@code @Nullable}.
 */
@NullMarked
package dev.threadline.store.sqlite;

import org.jspecify.annotations.NullMarked;
