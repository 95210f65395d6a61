package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;

/** Words for JSON values in messages, in the vocabulary of YAML authors. */
final class NodeText {

  private NodeText() {}

  /** {@code a string}, {@code a number}, {@code a list}, {@code a mapping}, … */
  static String typeOf(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    return node.getNodeType().name().toLowerCase();
  }
}
