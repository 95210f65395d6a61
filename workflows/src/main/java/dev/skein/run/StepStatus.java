package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Status of a step or a fan-out task. Every record starts {@code pending} and ends in a final one.
 */
public enum StepStatus {
  PENDING("pending"),
  RUNNING("running"),
  SUCCEEDED("succeeded"),
  FAILED("failed"),
  CANCELLED("cancelled"),
  SKIPPED("skipped");

  private final String wireName;

  StepStatus(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  public boolean isFinal() {
    return this != PENDING && this != RUNNING;
  }
}
