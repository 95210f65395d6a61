package dev.skein.model;

/**
 * One check on a finished step's own result; in {@code when}, {@code output…} and {@code status}
 * refer to that step.
 */
public record OnResultRule(String when, Action action) {

  public enum Action {
    ABORT,
    CONTINUE
  }
}
