package dev.skein.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skein.run.FailedAttempt;
import dev.skein.run.OutputRef;
import dev.skein.run.Usage;
import java.util.List;

/**
 * Output of {@code RunAgent}.
 *
 * @param output the agent's output text (stdout of a command, the reply of a model); null when it
 *     was too large for history and {@code outputRef} says where it was stored
 * @param outputRef where the worker stored a large output, once
 * @param json no longer sent (it repeated the output); kept so histories of earlier versions decode
 * @param exitCode the process exit code for command agents, else null
 * @param attempt the activity attempt that produced this result (1-based)
 * @param truncated the output exceeded {@code max_output}; head and tail were kept
 * @param usage what this attempt and every failed attempt before it spent, as reported by the agent
 *     (priced by the agent's {@code price} where it reports no cost); null when none reported
 * @param inlineOnly the worker has no storage, so every output stays inline in history and in the
 *     run's result (which must then fit Temporal's 2 MB payload limit)
 * @param failures how the attempts before this one failed, oldest first; null when none did
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentResult(
    String output,
    OutputRef outputRef,
    JsonNode json,
    Integer exitCode,
    int attempt,
    long durationMs,
    boolean truncated,
    Usage usage,
    Boolean inlineOnly,
    List<FailedAttempt> failures) {

  /** An output kept inline. */
  public static AgentResult inline(
      String output, Integer exitCode, int attempt, long durationMs, boolean truncated) {
    return new AgentResult(
        output, null, null, exitCode, attempt, durationMs, truncated, null, null, null);
  }
}
