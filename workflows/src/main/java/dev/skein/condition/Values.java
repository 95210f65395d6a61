package dev.skein.condition;

import com.fasterxml.jackson.databind.JsonNode;

/** Equality of condition values. */
final class Values {

  private Values() {}

  /** Same type and same value; numbers by value; null equals only null. */
  static boolean equal(JsonNode a, JsonNode b) {
    if (a.isNull() || b.isNull()) {
      return a.isNull() && b.isNull();
    }
    if (a.isNumber() && b.isNumber()) {
      if (isNonFinite(a) || isNonFinite(b)) {
        return a.doubleValue() == b.doubleValue();
      }
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isTextual() && b.isTextual()) {
      return a.textValue().equals(b.textValue());
    }
    if (a.isBoolean() && b.isBoolean()) {
      return a.booleanValue() == b.booleanValue();
    }
    if (a.isContainerNode() && b.isContainerNode()) {
      return a.equals(b);
    }
    return false;
  }

  /** {@code a op b} for two numbers; false when either is not a number. */
  static boolean order(JsonNode a, String op, JsonNode b) {
    if (!a.isNumber()
        || !b.isNumber()
        || Double.isNaN(a.doubleValue())
        || Double.isNaN(b.doubleValue())) {
      return false;
    }
    int c =
        isNonFinite(a) || isNonFinite(b)
            ? Double.compare(a.doubleValue(), b.doubleValue())
            : a.decimalValue().compareTo(b.decimalValue());
    return switch (op) {
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      default -> throw new IllegalArgumentException("not an ordering operator: " + op);
    };
  }

  private static boolean isNonFinite(JsonNode n) {
    return (n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue());
  }
}
