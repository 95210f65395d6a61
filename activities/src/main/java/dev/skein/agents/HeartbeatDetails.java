package dev.skein.agents;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Heartbeat details shown in the Temporal UI while an agent runs, so a long attempt visibly lives.
 *
 * @param bytesOut output bytes received so far
 * @param lastLine the last complete output line, shortened
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HeartbeatDetails(long bytesOut, String lastLine) {

  public static final HeartbeatDetails NONE = new HeartbeatDetails(0, "");
}
