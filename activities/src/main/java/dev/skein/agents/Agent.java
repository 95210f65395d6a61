package dev.skein.agents;

/**
 * One kind of agent. An implementation runs a single attempt and either returns its output or
 * throws: an {@code ApplicationFailure} built by {@link AgentCall} for a failed attempt, or the
 * SDK's {@code ActivityCompletionException} (after cleaning up) when the activity was cancelled.
 */
public interface Agent {

  AgentOutput run(AgentCall call);
}
