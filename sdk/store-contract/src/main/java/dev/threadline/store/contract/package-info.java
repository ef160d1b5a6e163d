/**
 * The test suite every {@link dev.threadline.ThreadStore} passes, and its fixtures. Nothing here is null unless its\n * type says {@code @Nullable}.
 */
@NullMarked
package dev.threadline.store.contract;

import org.jspecify.annotations.NullMarked;
