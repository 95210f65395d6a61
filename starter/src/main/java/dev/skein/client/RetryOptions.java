package dev.skein.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.parse.PipelineDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to retry a run ({@link SkeinClient#retry}).
 *
 * @param pipeline an edited pipeline; by default the one recorded in the source run's input. Steps
 *     are matched by id; a step whose request changed runs again
 * @param inputs inputs that override the source run's
 * @param from steps forced to run again, with everything downstream of them
 * @param start the new run's workflow id and task queue
 */
public record RetryOptions(
    Optional<PipelineDocument> pipeline,
    Map<String, JsonNode> inputs,
    List<String> from,
    StartOptions start) {

  public RetryOptions {
    inputs = Map.copyOf(inputs);
    from = List.copyOf(from);
  }

  /** The source's pipeline and inputs, nothing forced. */
  public static RetryOptions defaults() {
    return new RetryOptions(Optional.empty(), Map.of(), List.of(), StartOptions.defaults());
  }

  public RetryOptions withPipeline(PipelineDocument document) {
    return new RetryOptions(Optional.of(document), inputs, from, start);
  }

  /** Overrides inputs; later calls win. */
  public RetryOptions withInputs(Map<String, JsonNode> overrides) {
    Map<String, JsonNode> merged = new LinkedHashMap<>(inputs);
    merged.putAll(overrides);
    return new RetryOptions(pipeline, merged, from, start);
  }

  /** Forces {@code steps} and their dependents to run again. */
  public RetryOptions withFrom(List<String> steps) {
    return new RetryOptions(pipeline, inputs, steps, start);
  }

  public RetryOptions withStart(StartOptions options) {
    return new RetryOptions(pipeline, inputs, from, options);
  }
}
