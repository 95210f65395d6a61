package dev.skein.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.skein.contract.AgentFailureDetails;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.FailureTypes;
import dev.skein.model.AgentConfig;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One attempt of {@code RunAgent} as an agent sees it: the request, the attempt number, the
 * worker's environment, a heartbeat, and the one way to build failures so every failure names the
 * step and agent and carries exactly one {@link AgentFailureDetails}.
 */
public final class AgentCall {

  private final AgentRequest request;
  private final int attempt;
  private final Map<String, String> workerEnv;
  private final Consumer<HeartbeatDetails> heartbeat;

  public AgentCall(
      AgentRequest request,
      int attempt,
      Map<String, String> workerEnv,
      Consumer<HeartbeatDetails> heartbeat) {
    this.request = request;
    this.attempt = attempt;
    this.workerEnv = Map.copyOf(workerEnv);
    this.heartbeat = heartbeat;
  }

  public AgentRequest request() {
    return request;
  }

  public AgentConfig config() {
    return request.agent();
  }

  /** The rendered prompt, empty when the step has none. */
  public String prompt() {
    return request.prompt() == null ? "" : request.prompt();
  }

  /** The step's {@code with} parameters, an empty object when absent. */
  public JsonNode with() {
    JsonNode with = request.with();
    return with == null || with.isNull() ? JsonNodeFactory.instance.objectNode() : with;
  }

  public int attempt() {
    return attempt;
  }

  /** The worker's environment; only agents that were told to may pass any of it on. */
  public Map<String, String> workerEnv() {
    return workerEnv;
  }

  /**
   * Records a heartbeat. Throws the SDK's {@link ActivityCompletionException} when the activity has
   * been cancelled, has timed out, or the worker is shutting down: the caller cleans up and lets it
   * propagate.
   */
  public void heartbeat(HeartbeatDetails details) {
    heartbeat.accept(details);
  }

  /** Sleeps between heartbeats; an interrupt (a worker stopping hard) ends the attempt. */
  public void pause(Duration duration) {
    try {
      Thread.sleep(Math.max(1, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActivityWorkerShutdownException();
    }
  }

  /** "Step 'review' (agent 'claude'): what" */
  public String describe(String what) {
    String agent = request.agentName() != null ? request.agentName() : config().kind();
    return "Step '" + request.label() + "' (agent '" + agent + "'): " + what;
  }

  public ApplicationFailure failure(String type, String what, boolean retryable) {
    return failure(type, what, retryable, null, null, null);
  }

  public ApplicationFailure failure(
      String type,
      String what,
      boolean retryable,
      Integer exitCode,
      String stderrTail,
      Duration nextRetryDelay) {
    ApplicationFailure.Builder builder =
        ApplicationFailure.newBuilder()
            .setType(type)
            .setMessage(describe(what))
            .setNonRetryable(!retryable)
            .setDetails(new AgentFailureDetails(attempt, exitCode, stderrTail));
    if (nextRetryDelay != null) {
      builder.setNextRetryDelay(nextRetryDelay);
    }
    return builder.build();
  }

  /** A mistake in the agent's configuration or the worker's setup: retrying cannot help. */
  public ApplicationFailure configError(String what) {
    return failure(FailureTypes.AGENT_CONFIG_ERROR, what, false);
  }
}
