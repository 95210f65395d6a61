package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonValue;

/** Status of a whole run. */
public enum RunStatus {
  RUNNING("running"),
  SUCCEEDED("succeeded"),
  FAILED("failed"),
  CANCELLED("cancelled");

  private final String wireName;

  RunStatus(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }
}
