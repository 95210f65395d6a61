package dev.skein.agents;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skein.run.Usage;

/**
 * Heartbeat details shown in the Temporal UI while an agent runs, so a long attempt visibly lives.
 *
 * @param bytesOut output bytes received so far
 * @param lastLine the last complete output line, shortened
 * @param spent what the step's earlier attempts (and this one, once it failed) spent: Temporal
 *     hands an activity's last heartbeat details to its next attempt, so usage survives retries
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeartbeatDetails(long bytesOut, String lastLine, Usage spent) {

  public static final HeartbeatDetails NONE = new HeartbeatDetails(0, "");

  public HeartbeatDetails(long bytesOut, String lastLine) {
    this(bytesOut, lastLine, null);
  }

  public HeartbeatDetails withSpent(Usage usage) {
    return new HeartbeatDetails(bytesOut, lastLine, usage);
  }
}
