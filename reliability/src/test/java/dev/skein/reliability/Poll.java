package dev.skein.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline: how these tests synchronise with other processes. */
final class Poll {

  private static final long INTERVAL_MS = 20;

  private Poll() {}

  /**
   * Polls {@code condition} until it holds and returns how long that took.
   *
   * @throws AssertionError naming {@code what} and the state when the deadline passes
   */
  static Duration until(String what, Duration timeout, BooleanSupplier condition) {
    return until(what, timeout, condition, () -> "");
  }

  static Duration until(
      String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after "
                + timeout.toSeconds()
                + " s waiting for "
                + what
                + ". "
                + state.get());
      }
      try {
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
