package dev.skein.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * Input of {@code AgentPipeline}: the pipeline document as a JSON tree (parsed and validated inside
 * the workflow) and the inputs that override its defaults.
 *
 * @param resumeFrom the run this one resumes, reserved for {@code skein retry}; null for a fresh
 *     run
 * @param continued set by Skein when a run continues as a new execution; clients leave it out
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineInput(
    JsonNode pipeline, Map<String, JsonNode> inputs, ResumeFrom resumeFrom, CarriedRun continued) {

  /** A fresh run. */
  public PipelineInput(JsonNode pipeline, Map<String, JsonNode> inputs) {
    this(pipeline, inputs, null, null);
  }
}
