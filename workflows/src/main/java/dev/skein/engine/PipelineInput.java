package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * Input of {@code AgentPipeline}: the pipeline document as a JSON tree (parsed and validated inside
 * the workflow) and the inputs that override its defaults.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PipelineInput(JsonNode pipeline, Map<String, JsonNode> inputs) {}
