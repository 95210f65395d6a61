package dev.skein.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skein.run.Usage;

/**
 * The single detail of every {@code ApplicationFailure} that {@code RunAgent} throws, so the
 * workflow can report how many attempts a failed step used and what the agent printed.
 *
 * @param attempt the attempt that failed (1-based)
 * @param exitCode the process exit code for command agents, else null
 * @param stderrTail the last few KiB of stderr for command agents, else null
 * @param usage what this attempt and the failed ones before it spent, where the agent reported it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentFailureDetails(int attempt, Integer exitCode, String stderrTail, Usage usage) {

  public AgentFailureDetails(int attempt, Integer exitCode, String stderrTail) {
    this(attempt, exitCode, stderrTail, null);
  }
}
