package dev.skein.model;

import java.time.Duration;

/** The {@code defaults:} block with every key filled in. */
public record Defaults(
    int maxConcurrency,
    ErrorPolicy onError,
    Duration timeout,
    Duration heartbeatTimeout,
    Duration stallTimeout,
    RetrySpec retry,
    String taskQueue,
    String agent,
    int maxItems) {

  public static final String DEFAULT_TASK_QUEUE = "skein";

  public static Defaults standard() {
    return new Defaults(
        3,
        ErrorPolicy.FAIL_FAST,
        Duration.ofMinutes(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        RetrySpec.standard(),
        DEFAULT_TASK_QUEUE,
        "echo",
        StepOptions.DEFAULT_MAX_ITEMS);
  }
}
