package dev.skein.engine;

import dev.skein.contract.FailureTypes;

/**
 * Why the dispatcher stopped launching work before the plan was done. Every kind ends in the same
 * cancel-and-drain path; they differ in the reason recorded on what never ran and in how the run
 * ends.
 */
enum StopKind {
  FAIL_FAST("fail_fast", FailureTypes.PIPELINE_FAILED),
  ABORTED("aborted", FailureTypes.ABORTED),
  TIMEOUT("timeout", FailureTypes.PIPELINE_TIMEOUT),
  CANCELLED("cancelled", "Cancelled"),
  HISTORY_LIMIT("history_limit", FailureTypes.HISTORY_LIMIT),
  BUDGET("budget", FailureTypes.BUDGET_EXCEEDED);

  /** Recorded as the {@code reason} of steps and tasks this stop cancelled. */
  final String reason;

  /** The type of the run's error. */
  final String failureType;

  StopKind(String reason, String failureType) {
    this.reason = reason;
    this.failureType = failureType;
  }
}
