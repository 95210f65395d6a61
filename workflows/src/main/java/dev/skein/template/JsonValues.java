package dev.skein.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Optional;

/** JSON parsing and printing for templates and outputs: strict, and numbers exactly as written. */
public final class JsonValues {

  // Configured once and never changed: Jackson mappers are safe to share, and reading is
  // deterministic. Big decimals keep numbers exactly as written (1.10 stays 1.10).
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private JsonValues() {}

  /** The text parsed as one JSON document, or empty if it is not JSON. */
  public static Optional<JsonNode> parse(String text) {
    if (text == null || Text.isBlank(text)) {
      return Optional.empty();
    }
    try {
      JsonNode node = MAPPER.readTree(text);
      return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** Strings as they are, a JSON null as empty text, everything else as compact JSON. */
  public static String toText(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "";
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    return node.toString();
  }

  static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isNull()) {
      return "null";
    }
    return "not an object or array";
  }
}
