package dev.skein.agents.builtin;

import dev.skein.agents.Agent;
import dev.skein.agents.AgentCall;
import dev.skein.agents.AgentOutput;
import dev.skein.agents.HeartbeatDetails;

/** {@code echo}: returns the rendered prompt. For demos, examples and tests. */
public final class EchoAgent implements Agent {

  @Override
  public AgentOutput run(AgentCall call) {
    // one heartbeat so even an instant agent notices a cancellation that arrived before it ran
    call.heartbeat(HeartbeatDetails.NONE);
    return AgentOutput.text(call.prompt());
  }
}
