package dev.skein.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * One step of a pipeline, with its effective options.
 *
 * @param agent effective agent name (the step's, else {@code defaults.agent}); empty for joins
 * @param with extra agent parameters; an empty object when absent
 * @param dependsOn the explicit {@code depends_on} list only (inferred dependencies live in the
 *     plan)
 * @param join the branches of a join step; empty for other steps
 * @param prompt the agent's prompt, or an approval step's prompt (shown to whoever decides)
 * @param approval what an approval step waits for; empty for other steps
 * @param pauseTimeout with {@code on_error: pause}, how long a failed step or task waits for a
 *     decision before it fails; empty waits until the run's own timeout
 */
public record Step(
    String id,
    StepKind kind,
    Optional<String> agent,
    Optional<String> prompt,
    JsonNode with,
    List<String> dependsOn,
    List<String> join,
    Optional<String> forEach,
    Optional<JsonNode> outputSchema,
    Optional<String> when,
    StepOptions options,
    boolean allowFailure,
    List<OnResultRule> onResult,
    Optional<Approval> approval,
    Optional<java.time.Duration> pauseTimeout) {

  public Step {
    dependsOn = List.copyOf(dependsOn);
    join = List.copyOf(join);
    onResult = List.copyOf(onResult);
  }

  public boolean isJoin() {
    return kind == StepKind.JOIN;
  }

  public boolean isFanOut() {
    return kind == StepKind.FAN_OUT;
  }

  public boolean isApproval() {
    return kind == StepKind.APPROVAL;
  }

  /**
   * Whether a failure, after its retries, waits for a person's decision ({@code on_error: pause}).
   */
  public boolean pausesOnError() {
    return options.onError() == ErrorPolicy.PAUSE;
  }

  /** This step asked with another prompt: a {@code retry} decision that replaces it. */
  public Step withPrompt(String replacement) {
    return new Step(
        id,
        kind,
        agent,
        Optional.of(replacement),
        with,
        dependsOn,
        join,
        forEach,
        outputSchema,
        when,
        options,
        allowFailure,
        onResult,
        approval,
        pauseTimeout);
  }
}
