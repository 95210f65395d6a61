package dev.skein.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the dispatcher releases steps: by level, or as soon as their dependencies finish. */
public enum Mode {
  LEVELS("levels"),
  DATAFLOW("dataflow");

  private final String wireName;

  Mode(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }
}
