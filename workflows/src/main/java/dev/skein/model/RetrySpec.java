package dev.skein.model;

import java.time.Duration;

/**
 * Effective retry policy of a step: the step's own {@code retry} keys over those of {@code
 * defaults.retry}, over the built-in defaults.
 *
 * @param retryInvalidOutput whether {@code InvalidOutput} failures are retried (they are not unless
 *     a step asks, since a model that ignored the schema once usually does again)
 */
public record RetrySpec(
    int maxAttempts,
    Duration initialInterval,
    double backoff,
    Duration maxInterval,
    boolean retryInvalidOutput) {

  public static RetrySpec standard() {
    return new RetrySpec(3, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1), false);
  }
}
