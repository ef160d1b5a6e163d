/**
 * The Threadline client: {@link dev.threadline.ChatbotClient}, the values it reads and writes, and the observers
 * and stores an app plugs in. Nothing here is null unless its type says {@code @Nullable}.
 */
@NullMarked
package dev.threadline;

import org.jspecify.annotations.NullMarked;
