package dev.skein.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * Input of {@code AgentPipeline}: the pipeline document as a JSON tree (parsed and validated inside
 * the workflow), the inputs that override its defaults, and optionally the run it resumes (null for
 * a fresh run).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PipelineInput(
    JsonNode pipeline,
    Map<String, JsonNode> inputs,
    @JsonInclude(JsonInclude.Include.NON_NULL) ResumeFrom resumeFrom) {

  /** A fresh run. */
  public PipelineInput(JsonNode pipeline, Map<String, JsonNode> inputs) {
    this(pipeline, inputs, null);
  }
}
