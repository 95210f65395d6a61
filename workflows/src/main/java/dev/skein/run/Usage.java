package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Collection;

/**
 * What agents spent: tokens and, where the tool reports it or the agent has a {@code price}, cost.
 * Input tokens include the cached ones, as OpenAI-compatible APIs count them.
 *
 * @param costUsd null when nothing reported or priced a cost; a sum is null only if every part is
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Usage(
    @JsonAlias("prompt_tokens") long inputTokens,
    @JsonAlias("completion_tokens") long outputTokens,
    long cachedTokens,
    Double costUsd) {

  public static final Usage NONE = new Usage(0, 0, 0, null);

  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  public Usage plus(Usage other) {
    if (other == null) {
      return this;
    }
    Double cost =
        costUsd == null && other.costUsd == null
            ? null
            : (costUsd == null ? 0 : costUsd) + (other.costUsd == null ? 0 : other.costUsd);
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cachedTokens + other.cachedTokens,
        cost);
  }

  /** The sum of {@code parts}, null when none reported anything. */
  public static Usage sum(Collection<Usage> parts) {
    Usage total = null;
    for (Usage part : parts) {
      if (part != null) {
        total = total == null ? part : total.plus(part);
      }
    }
    return total;
  }

  /** Null-tolerant sum of two. */
  public static Usage add(Usage a, Usage b) {
    return a == null ? b : a.plus(b);
  }
}
