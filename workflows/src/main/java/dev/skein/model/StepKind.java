package dev.skein.model;

/** A step is exactly one of these. */
public enum StepKind {
  /** One agent call. */
  AGENT,
  /** One agent call per element of {@code for_each}. */
  FAN_OUT,
  /** Merges the outputs of other steps in workflow code, no agent call. */
  JOIN,
  /** Waits for a person's approval or rejection, no agent call. */
  APPROVAL
}
