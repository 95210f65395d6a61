package dev.skein.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A child workflow tells its parent at once that a task failed under the step's {@code fail_fast},
 * so the parent stops the other children without waiting for this one to drain.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShardSignal(String stepId, int first, TaskOutcome failed) {}
