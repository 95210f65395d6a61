package dev.skein.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A step's effective settings: its own keys over {@code defaults:}.
 *
 * @param maxConcurrency the step's own cap on its fan-out tasks (the run-wide cap still applies)
 */
public record StepOptions(
    ErrorPolicy onError,
    Duration timeout,
    Duration heartbeatTimeout,
    Duration stallTimeout,
    RetrySpec retry,
    String taskQueue,
    Optional<Integer> maxConcurrency) {}
