package dev.skein.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.skein.model.Pipeline;
import dev.skein.parse.PipelineDocument;
import dev.skein.parse.PipelineParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Preview}: fan-out sizes from inputs, the agent-call bound, queues and overlaps. */
class PreviewTest {

  private static final String YAML =
      """
      name: review
      mode: dataflow
      inputs: {files: [a.py, b.py], label: x}
      defaults: {retry: {max_attempts: 2}}
      steps:
        - id: plan
          prompt: plan
        - id: tests
          for_each: "{{ inputs.files }}"
          prompt: "test {{ item }}"
          task_queue: gpu
          retry: {max_attempts: 4}
        - id: lint
          depends_on: [plan]
          for_each: "{{ steps.plan.output }}"
          prompt: "lint {{ item }}"
          max_items: 5
        - id: report
          join: [tests, lint]
      """;

  private static Preview preview(Map<String, JsonNode> given) throws Exception {
    Pipeline pipeline = PipelineParser.parse(PipelineDocument.parse(YAML, "review.yaml"));
    Map<String, JsonNode> inputs = new LinkedHashMap<>(pipeline.inputs());
    inputs.putAll(given);
    return Preview.of(Plan.of(pipeline), inputs);
  }

  @Test
  void countsTasksTimesAttempts() throws Exception {
    Preview p = preview(Map.of());
    StepPreview tests = p.steps().get(1);
    assertThat(tests.fanOut().orElseThrow().tasks()).contains(2);
    assertThat(tests.maxAgentCalls()).isEqualTo(8);
    StepPreview lint = p.steps().get(2);
    assertThat(lint.fanOut().orElseThrow().tasks()).isEmpty();
    assertThat(lint.fanOut().orElseThrow().note().orElseThrow()).contains("step 'plan'");
    assertThat(lint.assumedMaxItems()).isTrue();
    assertThat(lint.maxAgentCalls()).isEqualTo(10);
    assertThat(p.steps().get(3).maxAgentCalls()).isZero();
    assertThat(p.maxAgentCalls()).isEqualTo(2 + 8 + 10);
    assertThat(p.taskQueues())
        .containsExactly(
            Map.entry("skein", List.of("plan", "lint")), Map.entry("gpu", List.of("tests")));
    assertThat(p.criticalPath()).containsExactly("plan", "lint", "report");
    assertThat(p.overlaps()).containsExactly(List.of("tests", "lint"));
  }

  @Test
  void givenInputsDecideTheSize() throws Exception {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Preview p = preview(Map.of("files", f.arrayNode().add("1").add("2").add("3")));
    assertThat(p.steps().get(1).fanOut().orElseThrow().tasks()).contains(3);
    assertThat(p.steps().get(1).maxAgentCalls()).isEqualTo(12);
  }

  @Test
  void aFanOutOverAStringFailsAndCallsNothing() throws Exception {
    Preview p = preview(Map.of("files", JsonNodeFactory.instance.textNode("a.py")));
    FanOutSize size = p.steps().get(1).fanOut().orElseThrow();
    assertThat(size.fails()).isTrue();
    assertThat(size.note().orElseThrow()).contains("not a list");
    assertThat(p.steps().get(1).maxAgentCalls()).isZero();
  }
}
