package dev.threadline.internal;

import java.util.List;

/**
 * Marks a {@link List} the SDK built and never changes, so that value types may keep it without a
 * defensive copy (a copy of a 100k-item thread on every snapshot would make streaming quadratic).
 */
public interface ImmutableList<E> extends List<E> {}
