package dev.skein.plan;

import java.util.Optional;

/**
 * How many tasks a fan-out will have, as far as a preview can tell.
 *
 * @param tasks the number of items {@code for_each} renders to; empty when it cannot be known
 *     before the run (it reads a step's output) or when it does not render to a list
 * @param fails true when the run will fail the step before any agent call (too many items, or
 *     {@code for_each} does not render to a list)
 * @param note why {@code tasks} is empty, or why the step will fail; empty when there is nothing to
 *     say
 */
public record FanOutSize(Optional<Integer> tasks, boolean fails, Optional<String> note) {

  static FanOutSize known(int tasks) {
    return new FanOutSize(Optional.of(tasks), false, Optional.empty());
  }

  static FanOutSize unknown(String why) {
    return new FanOutSize(Optional.empty(), false, Optional.of(why));
  }

  static FanOutSize failing(Optional<Integer> tasks, String why) {
    return new FanOutSize(tasks, true, Optional.of(why));
  }
}
