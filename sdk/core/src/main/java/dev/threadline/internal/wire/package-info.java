/**
 * The wire codecs: reading and writing the backend's JSON (items, workflows, threads, requests) and the
 * canonical form values are compared in. Internal like {@code dev.threadline.internal}; marked so NullAway
 * checks it like the rest of core.
 */
@NullMarked
package dev.threadline.internal.wire;

import org.jspecify.annotations.NullMarked;
