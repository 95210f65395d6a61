package dev.skein.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skein.output.Materializer;
import dev.skein.output.OutputValue;
import dev.skein.template.TemplateContext;
import java.util.Map;

/**
 * Templates a worker renders for the workflow, because they read outputs kept outside history.
 *
 * @param prompt the prompt template, null when the step has none
 * @param with the {@code with} block, unrendered
 * @param context what the templates may read
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RenderRequest(String prompt, JsonNode with, Context context) {

  /**
   * The template context as values: the run's inputs, the steps the templates read (their status
   * and output, stored parts as references), and a fan-out task's item and index.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Context(
      Map<String, JsonNode> inputs,
      Map<String, StepValue> steps,
      JsonNode item,
      Integer index,
      String runId,
      String pipeline) {

    /** The same context for one fan-out task. */
    public Context withItem(JsonNode taskItem, int taskIndex) {
      return new Context(inputs, steps, taskItem, taskIndex, runId, pipeline);
    }

    /** Whether a step it holds has an output kept outside history. */
    public boolean hasStoredOutput() {
      return steps != null
          && steps.values().stream().anyMatch(s -> s.output() != null && !s.output().isLocal());
    }

    /** The template context these values describe; stored parts read through {@code reader}. */
    public TemplateContext toTemplateContext(Materializer reader) {
      TemplateContext.Builder builder =
          TemplateContext.builder().runId(runId).pipelineName(pipeline);
      if (inputs != null) {
        inputs.forEach(builder::input);
      }
      if (steps != null) {
        steps.forEach(
            (id, s) ->
                builder.step(id, s.status(), s.output() == null ? null : reader.view(s.output())));
      }
      if (index != null) {
        builder.item(item, index);
      }
      return builder.build();
    }
  }

  /** A step as templates read it; {@code output} is null while it has none. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record StepValue(String status, OutputValue output) {}
}
