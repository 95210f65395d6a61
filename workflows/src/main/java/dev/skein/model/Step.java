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
    List<OnResultRule> onResult) {

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
}
