package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Whether a template path into a step's output can exist under the step's {@code output_schema}.
 * Only certain answers count: a schema that combines others ({@code $ref}, {@code anyOf}, …) or
 * leaves a part open is taken to allow anything there, so a valid pipeline is never refused.
 */
final class SchemaPaths {

  private static final List<String> OPEN_KEYWORDS =
      List.of(
          "$ref",
          "$dynamicRef",
          "allOf",
          "anyOf",
          "oneOf",
          "not",
          "if",
          "then",
          "else",
          "dependentSchemas",
          "unevaluatedProperties",
          "unevaluatedItems");

  private SchemaPaths() {}

  /**
   * Why {@code path} (segments after {@code output}) cannot be in an output valid under {@code
   * schema}, or empty when it can or when that is not certain.
   */
  static Optional<String> impossible(JsonNode schema, List<String> path) {
    JsonNode at = schema;
    StringBuilder where = new StringBuilder("output");
    for (String segment : path) {
      if (at == null || !at.isObject() || OPEN_KEYWORDS.stream().anyMatch(at::has)) {
        return Optional.empty();
      }
      Optional<String> type = singleType(at);
      boolean index = !segment.isEmpty() && segment.chars().allMatch(Character::isDigit);
      if (type.isPresent() && type.get().equals("array")) {
        if (!index) {
          return Optional.of(where + " is an array, so it has no field '" + segment + "'");
        }
        at = itemSchema(at, Integer.parseInt(segment.length() > 9 ? "999999999" : segment));
      } else if (type.isPresent() && !type.get().equals("object")) {
        return Optional.of(
            where + " is of type " + type.get() + ", so it has no field '" + segment + "'");
      } else {
        JsonNode properties = at.path("properties");
        if (properties.has(segment)) {
          at = properties.get(segment);
        } else if (at.path("additionalProperties").isBoolean()
            && !at.path("additionalProperties").booleanValue()
            && !at.has("patternProperties")) {
          return Optional.of(
              where
                  + " has no field '"
                  + segment
                  + "' (the schema allows only: "
                  + String.join(", ", fieldNames(properties))
                  + ")");
        } else {
          at = at.has("additionalProperties") ? at.get("additionalProperties") : null;
        }
      }
      where.append('.').append(segment);
    }
    return Optional.empty();
  }

  private static Optional<String> singleType(JsonNode schema) {
    JsonNode type = schema.get("type");
    return type != null && type.isTextual() ? Optional.of(type.textValue()) : Optional.empty();
  }

  private static JsonNode itemSchema(JsonNode array, int index) {
    JsonNode prefix = array.path("prefixItems");
    if (prefix.isArray() && index < prefix.size()) {
      return prefix.get(index);
    }
    return array.get("items");
  }

  private static List<String> fieldNames(JsonNode properties) {
    List<String> names = new java.util.ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names.isEmpty() ? List.of("none") : names;
  }
}
