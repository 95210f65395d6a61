package dev.skein.agents.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.run.Usage;
import java.util.Iterator;
import java.util.Optional;

/**
 * {@code gemini -p --output-format json}: {@code stats.models.<model>.tokens} per model (summed
 * over models: {@code prompt} in, {@code candidates} plus {@code thoughts} out, {@code cached}),
 * and the answer in {@code response}. Gemini reports no cost; give the agent a {@code price}.
 */
final class GeminiUsage implements UsageExtractor {

  @Override
  public Extraction extract(String stdout) {
    Optional<JsonNode> doc = JsonText.document(stdout);
    if (doc.isEmpty() || !doc.get().path("stats").isObject()) {
      return Extraction.NOTHING;
    }
    Usage usage = null;
    Iterator<JsonNode> models = doc.get().path("stats").path("models").elements();
    while (models.hasNext()) {
      JsonNode t = models.next().path("tokens");
      usage =
          Usage.add(
              usage,
              new Usage(
                  t.path("prompt").asLong(),
                  t.path("candidates").asLong() + t.path("thoughts").asLong(),
                  t.path("cached").asLong(),
                  null));
    }
    JsonNode response = doc.get().path("response");
    return new Extraction(
        Optional.ofNullable(usage),
        response.isTextual() ? Optional.of(response.asText()) : Optional.empty());
  }
}
