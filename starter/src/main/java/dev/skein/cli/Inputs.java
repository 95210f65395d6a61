package dev.skein.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Run inputs from {@code --inputs file.json} and {@code -i key=value} (which wins). */
final class Inputs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Inputs() {}

  static Map<String, JsonNode> of(Path file, List<String> pairs) {
    return of(file, pairs, Set.of());
  }

  /**
   * As {@link #of(Path, List)}; a {@code -i} value for an input in {@code textInputs} (whose
   * default is text) stays text, so {@code -i version=1.10} is not the number 1.1.
   */
  static Map<String, JsonNode> of(Path file, List<String> pairs, Set<String> textInputs) {
    Map<String, JsonNode> inputs = new LinkedHashMap<>();
    if (file != null) {
      JsonNode tree;
      try {
        tree = JSON.readTree(Files.readString(file));
      } catch (IOException e) {
        throw CliException.usage("Cannot read inputs file " + file + ": " + e.getMessage());
      }
      if (tree == null || !tree.isObject()) {
        throw CliException.usage("Inputs file " + file + " must hold a JSON object.");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        inputs.put(e.getKey(), e.getValue());
      }
    }
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw CliException.usage("Input '" + pair + "' is not of the form key=value.");
      }
      String name = pair.substring(0, eq);
      String text = pair.substring(eq + 1);
      inputs.put(name, textInputs.contains(name) ? TextNode.valueOf(text) : value(text));
    }
    return inputs;
  }

  /** JSON when it parses as JSON ({@code 3}, {@code true}, {@code [1,2]}), else the text. */
  static JsonNode value(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node == null || node.isMissingNode() ? TextNode.valueOf(text) : node;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(text);
    }
  }
}
