package dev.skein.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skein.model.AgentConfig;

/**
 * Input of {@code RunAgent}: everything an agent needs, already rendered by the workflow.
 *
 * @param taskIndex the fan-out task index, null for a plain step
 * @param agent the resolved agent configuration (no secrets, see {@link AgentConfig})
 * @param with the step's {@code with} parameters, rendered; an empty object when absent
 * @param stallTimeoutMs command agents: no output for this long fails the attempt
 * @param outputSchema JSON Schema the output must satisfy, null when the step has none
 * @param render set when the templates read outputs kept outside history: the worker renders the
 *     prompt, {@code with} and the agent's templated fields itself, reading the store, so no prompt
 *     repeats a large output in history; {@code prompt} and {@code with} are then null and {@code
 *     agent} is not rendered yet
 * @param requestDigest the workflow's fingerprint of this request (see {@code StepRecord}); kept in
 *     history with the request, so a run's records can be read back from its history alone
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentRequest(
    String workflowId,
    String runId,
    String pipeline,
    String stepId,
    Integer taskIndex,
    String prompt,
    String agentName,
    AgentConfig agent,
    JsonNode with,
    long stallTimeoutMs,
    JsonNode outputSchema,
    RenderRequest render,
    String requestDigest) {

  /** This request with its digest. */
  public AgentRequest withDigest(String digest) {
    return copy(prompt, with, agent, render, digest);
  }

  /** This request with its templates rendered (by the worker, for a deferred render). */
  public AgentRequest rendered(String renderedPrompt, JsonNode renderedWith, AgentConfig config) {
    return copy(renderedPrompt, renderedWith, config, null, requestDigest);
  }

  /** This request with the parts the copies above change; what it is for stays the same. */
  private AgentRequest copy(
      String newPrompt,
      JsonNode newWith,
      AgentConfig newAgent,
      RenderRequest newRender,
      String newDigest) {
    return new AgentRequest(
        workflowId,
        runId,
        pipeline,
        stepId,
        taskIndex,
        newPrompt,
        agentName,
        newAgent,
        newWith,
        stallTimeoutMs,
        outputSchema,
        newRender,
        newDigest);
  }

  /** {@code step} or {@code step#index}, as in activity summaries and logs. */
  public String label() {
    return taskIndex == null ? stepId : stepId + "#" + taskIndex;
  }
}
