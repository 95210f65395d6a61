package dev.skein.clients;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition on a real server, where there is no test clock to skip ahead with. */
final class Poll {

  private Poll() {}

  static void until(Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not so within " + limit);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
