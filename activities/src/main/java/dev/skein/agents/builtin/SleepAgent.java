package dev.skein.agents.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.agents.Agent;
import dev.skein.agents.AgentCall;
import dev.skein.agents.AgentOutput;
import dev.skein.agents.HeartbeatDetails;
import dev.skein.model.Durations;
import java.time.Duration;

/**
 * {@code sleep}: waits {@code with.duration} (default 1s) while heartbeating, so it can stand in
 * for a slow agent and be cancelled promptly. Returns the prompt, or "slept 2s" without one.
 */
public final class SleepAgent implements Agent {

  static final Duration DEFAULT = Duration.ofSeconds(1);
  private static final Duration TICK = Duration.ofMillis(100);

  @Override
  public AgentOutput run(AgentCall call) {
    Duration duration = duration(call);
    long deadline = System.nanoTime() + duration.toNanos();
    String line = "sleeping " + Durations.format(duration);
    while (true) {
      call.heartbeat(new HeartbeatDetails(0, line));
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      call.pause(Duration.ofNanos(Math.min(left, TICK.toNanos())));
    }
    String prompt = call.prompt();
    return AgentOutput.text(prompt.isEmpty() ? "slept " + Durations.format(duration) : prompt);
  }

  private static Duration duration(AgentCall call) {
    JsonNode value = call.with().get("duration");
    if (value == null || value.isNull()) {
      return DEFAULT;
    }
    if (value.isNumber() && value.asLong() >= 0) {
      return Duration.ofMillis(value.asLong());
    }
    try {
      return Durations.parse(value.asText());
    } catch (IllegalArgumentException e) {
      throw call.configError("with.duration: " + e.getMessage() + ".");
    }
  }
}
