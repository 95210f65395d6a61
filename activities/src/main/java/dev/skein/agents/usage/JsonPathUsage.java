package dev.skein.agents.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.run.Usage;
import java.util.Map;
import java.util.Optional;

/**
 * {@code usage: {extractor: json, ...}}: the user names the dotted path of each figure in the
 * output (one JSON document, or the last JSON line that has one of them). The output is left as it
 * is.
 */
final class JsonPathUsage implements UsageExtractor {

  private final Map<String, String> paths;

  JsonPathUsage(Map<String, String> paths) {
    this.paths = paths == null ? Map.of() : paths;
  }

  @Override
  public Extraction extract(String stdout) {
    Optional<JsonNode> doc = JsonText.document(stdout).filter(this::hasAny);
    if (doc.isEmpty()) {
      doc = JsonText.lines(stdout).stream().filter(this::hasAny).reduce((a, b) -> b);
    }
    return doc.map(d -> new Extraction(Optional.of(read(d)), Optional.empty()))
        .orElse(Extraction.NOTHING);
  }

  private boolean hasAny(JsonNode node) {
    return paths.values().stream().anyMatch(p -> JsonText.at(node, p).isNumber());
  }

  private Usage read(JsonNode d) {
    JsonNode cost = figure(d, "cost_usd");
    return new Usage(
        figure(d, "input_tokens").asLong(),
        figure(d, "output_tokens").asLong(),
        figure(d, "cached_tokens").asLong(),
        cost.isNumber() ? cost.asDouble() : null);
  }

  private JsonNode figure(JsonNode d, String name) {
    String path = paths.get(name);
    return path == null
        ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
        : JsonText.at(d, path);
  }
}
