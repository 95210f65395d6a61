package dev.skein.agents.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lenient JSON reading for tool output: a whole document, or one object per line. */
final class JsonText {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonText() {}

  /** The output as one JSON object, if it is one. */
  static Optional<JsonNode> document(String text) {
    String trimmed = text == null ? "" : text.strip();
    if (!trimmed.startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(trimmed);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (Exception notJson) {
      return Optional.empty();
    }
  }

  /** Every line of the output that is a JSON object, in order (JSON Lines event streams). */
  static List<JsonNode> lines(String text) {
    List<JsonNode> objects = new ArrayList<>();
    if (text == null) {
      return objects;
    }
    for (String line : text.split("\n")) {
      document(line).ifPresent(objects::add);
    }
    return objects;
  }

  /** The node at a dotted path ({@code usage.input_tokens}, {@code items.0.cost}). */
  static JsonNode at(JsonNode root, String dotted) {
    JsonNode node = root;
    for (String part : dotted.split("\\.")) {
      if (node.isArray() && part.chars().allMatch(Character::isDigit) && !part.isEmpty()) {
        node = node.path(Integer.parseInt(part));
      } else {
        node = node.path(part);
      }
    }
    return node;
  }
}
