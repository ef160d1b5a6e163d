package dev.threadline.internal;

import org.jspecify.annotations.Nullable;

/**
 * Runs code that must not throw (an app's callback, an engine task) so that what it throws can be reported
 * instead of unwinding the SDK's own work. Only a {@link VirtualMachineError} other than a stack overflow
 * (out of memory, an internal error) is let through: nothing sensible can go on after one.
 */
final class Isolation {
  private Isolation() {}

  /** Runs {@code code}; returns what it threw, or null when it returned. */
  static @Nullable Throwable run(Runnable code) {
    try {
      code.run();
      return null;
    } catch (StackOverflowError deep) {
      // The stack is unwound by now: input nested deeper than the code expected is a reportable error.
      return deep;
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (RuntimeException | Error e) {
      return e;
    }
  }
}
