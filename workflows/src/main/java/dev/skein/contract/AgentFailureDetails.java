package dev.skein.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skein.run.FailedAttempt;
import dev.skein.run.Usage;
import java.util.List;

/**
 * The single detail of every {@code ApplicationFailure} that {@code RunAgent} throws, so the
 * workflow can report how many attempts a failed step used and what the agent printed.
 *
 * @param attempt the attempt that failed (1-based)
 * @param exitCode the process exit code for command agents, else null
 * @param stderrTail the last few KiB of stderr for command agents, else null
 * @param usage what this attempt and the failed ones before it spent, where the agent reported it
 * @param earlierFailures how the attempts before this one failed, oldest first; null when none did
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentFailureDetails(
    int attempt,
    Integer exitCode,
    String stderrTail,
    Usage usage,
    List<FailedAttempt> earlierFailures) {

  public AgentFailureDetails(int attempt, Integer exitCode, String stderrTail) {
    this(attempt, exitCode, stderrTail, null, null);
  }

  public AgentFailureDetails(int attempt, Integer exitCode, String stderrTail, Usage usage) {
    this(attempt, exitCode, stderrTail, usage, null);
  }
}
