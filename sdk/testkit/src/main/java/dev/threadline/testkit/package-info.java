/**
 * A fake chatbot backend for tests and demos: {@link dev.threadline.testkit.FakeChatbotServer}, its scripted rounds and
 * faults, and the requests it received. Nothing here is null unless its type says {@code @Nullable}.
 */
@NullMarked
package dev.threadline.testkit;

import org.jspecify.annotations.NullMarked;
