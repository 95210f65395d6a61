package dev.skein.agents.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.run.Usage;
import java.util.Optional;

/**
 * {@code codex exec --json}: JSON Lines events. Each {@code turn.completed} carries that turn's
 * {@code usage} (summed); older releases sent {@code token_count} events with running totals (the
 * last one counts). The answer is the last {@code agent_message} item.
 */
final class CodexUsage implements UsageExtractor {

  @Override
  public Extraction extract(String stdout) {
    Usage turns = null;
    Usage running = null;
    String answer = null;
    for (JsonNode event : JsonText.lines(stdout)) {
      String type = event.path("type").asText();
      if (type.equals("turn.completed") && event.path("usage").isObject()) {
        turns = Usage.add(turns, tokens(event.get("usage")));
      } else if (type.equals("item.completed")
          && "agent_message".equals(event.path("item").path("type").asText())) {
        answer = event.path("item").path("text").asText(answer);
      }
      JsonNode msg = event.path("msg");
      if ("token_count".equals(msg.path("type").asText())) {
        JsonNode total = msg.path("info").path("total_token_usage");
        running = tokens(total.isObject() ? total : msg);
      } else if ("agent_message".equals(msg.path("type").asText())) {
        answer = msg.path("message").asText(answer);
      }
    }
    Usage usage = turns != null ? turns : running;
    return new Extraction(Optional.ofNullable(usage), Optional.ofNullable(answer));
  }

  private static Usage tokens(JsonNode u) {
    return new Usage(
        u.path("input_tokens").asLong(),
        u.path("output_tokens").asLong() + u.path("reasoning_output_tokens").asLong(),
        u.path("cached_input_tokens").asLong(),
        null);
  }
}
