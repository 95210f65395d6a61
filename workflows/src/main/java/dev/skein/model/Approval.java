package dev.skein.model;

import java.time.Duration;
import java.util.Optional;

/**
 * What an {@code approval:} step waits for: a person's yes or no. Its prompt is the step's {@link
 * Step#prompt()}, a template rendered when the gate opens.
 *
 * @param timeout how long the gate waits; empty waits until the run's own timeout
 * @param onTimeout what the gate's timeout counts as
 * @param onReject what a rejection does to the step
 */
public record Approval(Optional<Duration> timeout, OnTimeout onTimeout, OnReject onReject) {

  /** What a gate's timeout counts as. */
  public enum OnTimeout {
    REJECT,
    APPROVE,
    FAIL;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * What a rejection does: the step fails, or is skipped (its dependents follow the skip rules).
   */
  public enum OnReject {
    FAIL,
    SKIP;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
