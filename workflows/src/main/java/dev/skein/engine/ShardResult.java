package dev.skein.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What a child workflow of a large fan-out did: every task it ran, in input order, and where it
 * stopped if its own history grew too large to run the rest (the parent starts another child from
 * there).
 *
 * @param next the first index it did not start, when it stopped early; null when it ran them all
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShardResult(List<TaskOutcome> tasks, Integer next) {}
