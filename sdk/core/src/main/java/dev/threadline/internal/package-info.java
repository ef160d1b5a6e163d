/**
 * The client's implementation: not for apps. Marked so NullAway checks it like the public API.
 */
@NullMarked
package dev.threadline.internal;

import org.jspecify.annotations.NullMarked;
