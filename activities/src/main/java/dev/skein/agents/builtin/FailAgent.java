package dev.skein.agents.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.agents.Agent;
import dev.skein.agents.AgentCall;
import dev.skein.agents.AgentOutput;
import dev.skein.agents.HeartbeatDetails;
import dev.skein.contract.FailureTypes;

/**
 * {@code fail}: fails with {@code with.message}. With {@code with.times: N} only the first N
 * attempts fail and later ones return the prompt, which exercises retry policies; {@code
 * with.retryable: false} makes the failure final.
 */
public final class FailAgent implements Agent {

  @Override
  public AgentOutput run(AgentCall call) {
    call.heartbeat(HeartbeatDetails.NONE);
    JsonNode with = call.with();
    JsonNode times = with.get("times");
    if (times != null && !times.isNull() && call.attempt() > times.asInt()) {
      return AgentOutput.text(call.prompt());
    }
    String message =
        with.hasNonNull("message") ? with.get("message").asText() : "failed as configured";
    boolean retryable = !with.hasNonNull("retryable") || with.get("retryable").asBoolean(true);
    throw call.failure(
        FailureTypes.AGENT_FAILED, message + " (attempt " + call.attempt() + ")", retryable);
  }
}
