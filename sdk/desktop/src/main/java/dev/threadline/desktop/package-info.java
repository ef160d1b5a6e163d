/**
 * Callback executors for the Swing event thread and the JavaFX application thread. Nothing here is null.
 */
@NullMarked
package dev.threadline.desktop;

import org.jspecify.annotations.NullMarked;
