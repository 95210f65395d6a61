package dev.skein.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Output of {@code RunAgent}.
 *
 * @param output the agent's output text (stdout of a command, the reply of a model)
 * @param json the output parsed as JSON when the step has an {@code output_schema}, else null
 * @param exitCode the process exit code for command agents, else null
 * @param attempt the activity attempt that produced this result (1-based)
 * @param truncated the output exceeded {@code max_output}; head and tail were kept
 * @param usage token counts reported by a model, else null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentResult(
    String output,
    JsonNode json,
    Integer exitCode,
    int attempt,
    long durationMs,
    boolean truncated,
    TokenUsage usage) {

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TokenUsage(long promptTokens, long completionTokens) {}
}
