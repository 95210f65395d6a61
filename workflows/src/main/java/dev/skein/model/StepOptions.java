package dev.skein.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A step's effective settings: its own keys over {@code defaults:}.
 *
 * @param maxConcurrency the step's own cap on its fan-out tasks (the run-wide cap still applies)
 * @param maxItems the most tasks its {@code for_each} may render
 */
public record StepOptions(
    ErrorPolicy onError,
    Duration timeout,
    Duration heartbeatTimeout,
    Duration stallTimeout,
    RetrySpec retry,
    String taskQueue,
    Optional<Integer> maxConcurrency,
    int maxItems) {

  /** {@code max_items} when nothing sets it. */
  public static final int DEFAULT_MAX_ITEMS = 10_000;

  /** The largest {@code max_items}: a fan-out's record must fit the run's result. */
  public static final int MAX_ITEMS_LIMIT = 100_000;
}
