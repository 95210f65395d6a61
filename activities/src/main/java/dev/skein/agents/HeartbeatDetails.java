package dev.skein.agents;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skein.run.FailedAttempt;
import dev.skein.run.Usage;
import java.util.List;

/**
 * Heartbeat details shown in the Temporal UI while an agent runs, so a long attempt visibly lives.
 *
 * @param bytesOut output bytes received so far
 * @param lastLine the last complete output line, shortened
 * @param spent what the step's earlier attempts (and this one, once it failed) spent: Temporal
 *     hands an activity's last heartbeat details to its next attempt, so usage survives retries
 * @param step the call's label ({@code step} or {@code step#index}): a client reading the run's
 *     pending activities from the service knows which step each one is
 * @param attempt the attempt that sent these details
 * @param failures how the call's earlier attempts failed (and this one, once it failed): they
 *     travel to the next attempt the same way as {@code spent}, so the result keeps every one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeartbeatDetails(
    long bytesOut,
    String lastLine,
    Usage spent,
    String step,
    Integer attempt,
    List<FailedAttempt> failures) {

  public static final HeartbeatDetails NONE = new HeartbeatDetails(0, "");

  public HeartbeatDetails(long bytesOut, String lastLine) {
    this(bytesOut, lastLine, null, null, null, null);
  }

  public HeartbeatDetails withSpent(Usage usage) {
    return new HeartbeatDetails(bytesOut, lastLine, usage, step, attempt, failures);
  }

  /** These details naming the call they come from, and how its earlier attempts failed. */
  public HeartbeatDetails withCall(String label, int attemptNumber, List<FailedAttempt> failed) {
    return new HeartbeatDetails(
        bytesOut,
        lastLine,
        spent,
        label,
        attemptNumber,
        failed == null || failed.isEmpty() ? null : failed);
  }
}
