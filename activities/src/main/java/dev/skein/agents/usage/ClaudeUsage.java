package dev.skein.agents.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.run.Usage;
import java.util.List;
import java.util.Optional;

/**
 * {@code claude -p --output-format json} (one result object) or {@code --output-format stream-json}
 * (its last line is the result): {@code total_cost_usd} and {@code usage}. Claude counts cache
 * writes and reads apart from {@code input_tokens}; Skein's input includes them.
 */
final class ClaudeUsage implements UsageExtractor {

  @Override
  public Extraction extract(String stdout) {
    Optional<JsonNode> result = JsonText.document(stdout).filter(ClaudeUsage::isResult);
    if (result.isEmpty()) {
      List<JsonNode> lines = JsonText.lines(stdout);
      result = lines.stream().filter(ClaudeUsage::isResult).reduce((a, b) -> b);
    }
    return result.map(ClaudeUsage::read).orElse(Extraction.NOTHING);
  }

  private static boolean isResult(JsonNode node) {
    return "result".equals(node.path("type").asText()) || node.has("total_cost_usd");
  }

  private static Extraction read(JsonNode result) {
    JsonNode u = result.path("usage");
    long cacheRead = u.path("cache_read_input_tokens").asLong();
    long input =
        u.path("input_tokens").asLong()
            + u.path("cache_creation_input_tokens").asLong()
            + cacheRead;
    JsonNode cost = result.path("total_cost_usd");
    Usage usage =
        new Usage(
            input,
            u.path("output_tokens").asLong(),
            cacheRead,
            cost.isNumber() ? cost.asDouble() : null);
    JsonNode text = result.path("result");
    return new Extraction(
        Optional.of(usage), text.isTextual() ? Optional.of(text.asText()) : Optional.empty());
  }
}
