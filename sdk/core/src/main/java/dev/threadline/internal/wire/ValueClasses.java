package dev.threadline.internal.wire;

/**
 * The public value classes' constructors are private to the API package; each value class registers a maker
 * with its codec as the class initializes, and the codec makes sure it has.
 */
final class ValueClasses {
  private ValueClasses() {}

  /** Runs {@code valueClass}'s static initializer if it has not run yet. */
  static void initialize(Class<?> valueClass) {
    try {
      Class.forName(valueClass.getName(), true, valueClass.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
