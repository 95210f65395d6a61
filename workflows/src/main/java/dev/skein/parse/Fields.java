package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.model.ByteSizes;
import dev.skein.model.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, reporting access to the keys of one mapping in the document. A key of the wrong type is
 * reported (naming the key and the type it needs) and read as absent, so parsing goes on and every
 * problem is found in one pass.
 */
final class Fields {

  private final JsonNode node;
  private final String pointer;
  private final String prefix;
  private final String step;
  private final Problems problems;

  /**
   * @param prefix how keys are named in messages: {@code ""} at the top level and in steps, {@code
   *     "defaults."}, {@code "agents.claude."}, {@code "retry."}
   * @param step the step these keys belong to, or null
   */
  Fields(JsonNode node, String pointer, String prefix, String step, Problems problems) {
    this.node = node;
    this.pointer = pointer;
    this.prefix = prefix;
    this.step = step;
    this.problems = problems;
  }

  Fields child(String key) {
    return new Fields(node.get(key), pointer(key), prefix + key + ".", step, problems);
  }

  String pointer(String key) {
    return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  String name(String key) {
    return "'" + prefix + key + "'";
  }

  Problems problems() {
    return problems;
  }

  String step() {
    return step;
  }

  void report(String key, String message) {
    problems.add(key == null ? pointer : pointer(key), step, message);
  }

  /** Reports every key not in {@code allowed}. */
  void allowOnly(Collection<String> allowed) {
    node.fieldNames()
        .forEachRemaining(
            key -> {
              if (!allowed.contains(key)) {
                report(
                    key,
                    "unknown key '"
                        + key
                        + "'"
                        + place()
                        + " (allowed: "
                        + String.join(", ", allowed)
                        + ")");
              }
            });
  }

  private String place() {
    if (!prefix.isEmpty()) {
      return " in '" + prefix.substring(0, prefix.length() - 1) + "'";
    }
    return step == null ? " at the top level" : "";
  }

  /** The mapping's keys, in document order. */
  List<String> keys() {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  boolean has(String key) {
    JsonNode value = node.get(key);
    return value != null;
  }

  /** The raw value; null counts as absent. */
  Optional<JsonNode> node(String key) {
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  Optional<String> string(String key) {
    return node(key).flatMap(v -> typed(key, v, v.isTextual(), "a string").map(JsonNode::asText));
  }

  /** A string that must be present and not blank. */
  Optional<String> requiredString(String key, String what) {
    if (node(key).isEmpty()) {
      report(null, what + " needs " + name(key));
      return Optional.empty();
    }
    Optional<String> value = string(key);
    if (value.isPresent() && value.get().isBlank()) {
      report(key, name(key) + " must not be empty");
      return Optional.empty();
    }
    return value;
  }

  Optional<Boolean> bool(String key) {
    return node(key)
        .flatMap(v -> typed(key, v, v.isBoolean(), "true or false").map(JsonNode::asBoolean));
  }

  Optional<Double> number(String key) {
    return node(key)
        .flatMap(v -> typed(key, v, v.isNumber(), "a number").map(JsonNode::asDouble))
        .filter(
            d -> {
              if (!Double.isFinite(d)) {
                report(key, name(key) + " must be a finite number");
                return false;
              }
              return true;
            });
  }

  /** A whole number within {@code [min, max]}. */
  Optional<Integer> integer(String key, int min, int max, String why) {
    Optional<JsonNode> value = node(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    JsonNode v = value.get();
    String range = "between " + min + " and " + max + (why.isEmpty() ? "" : " (" + why + ")");
    if (!v.isNumber()) {
      report(key, name(key) + " must be a whole number, not " + NodeText.typeOf(v));
      return Optional.empty();
    }
    if (!v.isIntegralNumber()) {
      report(key, name(key) + " must be a whole number, not " + v.asText());
      return Optional.empty();
    }
    if (!v.canConvertToInt()) {
      report(key, name(key) + " is too large: it must be " + range);
      return Optional.empty();
    }
    int i = v.intValue();
    if (i < min || i > max) {
      report(key, name(key) + " must be " + range + ", not " + i);
      return Optional.empty();
    }
    return Optional.of(i);
  }

  /** A duration such as {@code 30s}; must be positive. */
  Optional<Duration> duration(String key) {
    return string(key)
        .flatMap(
            text -> {
              try {
                Duration d = Durations.parse(text);
                if (d.isZero()) {
                  report(key, "invalid duration for " + name(key) + ": it must be more than 0");
                  return Optional.empty();
                }
                return Optional.of(d);
              } catch (IllegalArgumentException | ArithmeticException e) {
                report(key, e.getMessage() + " for " + name(key));
                return Optional.empty();
              }
            });
  }

  Optional<Long> byteSize(String key) {
    Optional<JsonNode> value = node(key);
    if (value.isPresent() && value.get().isIntegralNumber() && value.get().canConvertToLong()) {
      long bytes = value.get().asLong();
      if (bytes < 1) {
        report(key, name(key) + " must be at least 1 byte");
        return Optional.empty();
      }
      return Optional.of(bytes);
    }
    return string(key)
        .flatMap(
            text -> {
              try {
                return Optional.of(ByteSizes.parse(text));
              } catch (IllegalArgumentException e) {
                report(key, e.getMessage() + " for " + name(key));
                return Optional.empty();
              }
            });
  }

  /** A list of strings; {@code nonEmpty} reports an empty list. */
  Optional<List<String>> stringList(String key, boolean nonEmpty) {
    Optional<JsonNode> value =
        node(key).flatMap(v -> typed(key, v, v.isArray(), "a list of strings"));
    if (value.isEmpty()) {
      return Optional.empty();
    }
    List<String> items = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < value.get().size(); i++) {
      JsonNode item = value.get().get(i);
      if (!item.isTextual()) {
        problems.add(
            pointer(key) + "/" + i,
            step,
            name(key)
                + " must be a list of strings; item "
                + (i + 1)
                + " is "
                + NodeText.typeOf(item));
        ok = false;
      } else {
        items.add(item.asText());
      }
    }
    if (ok && nonEmpty && items.isEmpty()) {
      report(key, name(key) + " must not be empty");
      return Optional.empty();
    }
    return ok ? Optional.of(items) : Optional.empty();
  }

  /** A mapping of names to scalar values, kept as text (YAML authors write {@code PORT: 8080}). */
  Optional<Map<String, String>> stringMap(String key) {
    Optional<JsonNode> value = node(key).flatMap(v -> typed(key, v, v.isObject(), "a mapping"));
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> map = new LinkedHashMap<>();
    value
        .get()
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                map.put(e.getKey(), e.getValue().asText());
              } else {
                problems.add(
                    pointer(key) + "/" + e.getKey(),
                    step,
                    "'"
                        + prefix
                        + key
                        + "."
                        + e.getKey()
                        + "' must be a string, not "
                        + NodeText.typeOf(e.getValue()));
              }
            });
    return Optional.of(map);
  }

  /** A mapping value, or reports it and returns empty. */
  Optional<JsonNode> mapping(String key) {
    return node(key).flatMap(v -> typed(key, v, v.isObject(), "a mapping"));
  }

  Optional<JsonNode> list(String key) {
    return node(key).flatMap(v -> typed(key, v, v.isArray(), "a list"));
  }

  /** One of {@code choices}, written as in the document. */
  Optional<String> choice(String key, List<String> choices) {
    return string(key)
        .filter(
            s -> {
              if (!choices.contains(s)) {
                report(
                    key,
                    name(key)
                        + " must be one of "
                        + String.join(", ", choices)
                        + ", not '"
                        + s
                        + "'");
                return false;
              }
              return true;
            });
  }

  private Optional<JsonNode> typed(String key, JsonNode value, boolean ok, String expected) {
    if (ok) {
      return Optional.of(value);
    }
    report(key, name(key) + " must be " + expected + ", not " + NodeText.typeOf(value));
    return Optional.empty();
  }
}
