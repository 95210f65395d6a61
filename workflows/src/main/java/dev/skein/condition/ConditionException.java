package dev.skein.condition;

/** A {@code when} expression that does not parse, or cannot be evaluated. */
public class ConditionException extends RuntimeException {
  public ConditionException(String message) {
    super(message);
  }
}
