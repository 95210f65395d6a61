package dev.skein.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.FailureTypes;
import dev.skein.model.AgentConfig;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * What the bare baseline workflows send to {@code RunAgent}: the same built-in agents and the same
 * activity options that a Skein step gets from the language's defaults, so the only difference
 * between a baseline and Skein is the engine.
 */
public final class BaselineRequests {

  /** Stall timeout of the language's defaults (5m); built-ins ignore it. */
  private static final long STALL_TIMEOUT_MS = Duration.ofMinutes(5).toMillis();

  private BaselineRequests() {}

  /**
   * The options a step gets from the language's defaults: {@code timeout: 10m}, {@code
   * heartbeat_timeout: 30s}, {@code retry: {max_attempts: 3, initial_interval: 2s, backoff: 2.0,
   * max_interval: 1m}}, on the default task queue, with the engine's cancellation type and
   * non-retryable failure types.
   */
  public static ActivityOptions defaultOptions(String summary) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setHeartbeatTimeout(Duration.ofSeconds(30))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setMaximumAttempts(3)
                .setInitialInterval(Duration.ofSeconds(2))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofMinutes(1))
                .setDoNotRetry(
                    FailureTypes.AGENT_CONFIG_ERROR,
                    FailureTypes.TEMPLATE_ERROR,
                    FailureTypes.FAN_OUT_TOO_LARGE,
                    FailureTypes.INVALID_OUTPUT)
                .build())
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setSummary(summary)
        .build();
  }

  /** A request for the no-op {@code echo} agent. */
  public static AgentRequest echo(String workflowId, String stepId, String prompt) {
    return request(
        workflowId, stepId, AgentConfig.ECHO, prompt, JsonNodeFactory.instance.objectNode());
  }

  /** A request for the built-in {@code sleep} agent. */
  public static AgentRequest sleep(String workflowId, String stepId, long durationMs) {
    JsonNode with = JsonNodeFactory.instance.objectNode().put("duration", durationMs + "ms");
    return request(workflowId, stepId, AgentConfig.SLEEP, "", with);
  }

  private static AgentRequest request(
      String workflowId, String stepId, String agent, String prompt, JsonNode with) {
    return new AgentRequest(
        workflowId,
        null,
        "baseline",
        stepId,
        null,
        prompt,
        agent,
        AgentConfig.builtIn(agent),
        with,
        STALL_TIMEOUT_MS,
        null,
        null,
        null);
  }
}
