/**
 * The Android helpers: main-thread executor, connectivity hints, activity-bound observers. Nothing here is null unless
 * its type says {@code @Nullable}.
 */
@NullMarked
package dev.threadline.android;

import org.jspecify.annotations.NullMarked;
