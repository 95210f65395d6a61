package dev.skein.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a failure does to the rest of the run (or, on a step, to what that step governs). */
public enum ErrorPolicy {
  FAIL_FAST("fail_fast"),
  WAIT_FOR_ALL("wait_for_all"),
  /**
   * On an agent step or a fan-out: a failure, once its retries are spent, waits for a person to
   * decide (retry, skip or fail); a fan-out's other tasks go on meanwhile.
   */
  PAUSE("pause");

  private final String wireName;

  ErrorPolicy(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }
}
