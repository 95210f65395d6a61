package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.contract.FailureTypes;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Outputs of finished steps reach later prompts; fan-out tasks see item and index. */
class TemplateFlowTest extends EngineTestBase {

  @Test
  void plainAndJsonPathOutputsReachTheNextPrompt() {
    Finished run =
        run(
            """
            name: flow
            inputs: {repo: demo}
            steps:
              - {id: plan, prompt: "plan {{ inputs.repo }}", with: {output: {items: [x, y], n: 2}}}
              - {id: plain, prompt: "all: {{ steps.plan.output }}"}
              - {id: path, prompt: "first={{ steps.plan.output.items[0] }} n={{ steps.plan.output.n }}"}
            """);

    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.prompts("plan")).containsExactly("plan demo");
    assertThat(agents.prompts("plain")).containsExactly("all: {\"items\":[\"x\",\"y\"],\"n\":2}");
    assertThat(agents.prompts("path")).containsExactly("first=x n=2");
  }

  @Test
  void fanOutTasksSeeItemAndIndexAndTheStepOutputIsTheirArray() {
    Finished run =
        run(
            """
            name: fan
            steps:
              - {id: plan, prompt: p, with: {output: {modules: [api, core, cli]}}}
              - id: tests
                for_each: "{{ steps.plan.output.modules }}"
                prompt: "tests for {{ item }} (task {{ index }})"
              - {id: summary, prompt: "{{ steps.tests.output }}"}
            """);

    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.prompts("tests#0")).containsExactly("tests for api (task 0)");
    assertThat(agents.prompts("tests#2")).containsExactly("tests for cli (task 2)");
    var tests = step(run.result(), "tests");
    assertThat(tests.tasks())
        .extracting(t -> t.item().asText())
        .containsExactly("api", "core", "cli");
    // Templates read the fan-out as the array of its tasks' outputs; the record keeps each once.
    assertThat(agents.prompts("summary"))
        .containsExactly(
            "[\"tests for api (task 0)\",\"tests for core (task 1)\",\"tests for cli (task 2)\"]");
    assertThat(tests.output()).isNull();
  }

  @Test
  void agentTemplatesSeeStepsTheStepDoesNotDependOn() {
    Finished run =
        run(
            """
            name: agent-refs
            agents:
              tool:
                kind: command
                command: [tool, "{{ steps.a.output }}"]
                env: {B_STATUS: "{{ steps.b.status }}"}
            steps:
              - {id: a, prompt: first, with: {output: alpha}}
              - {id: b, depends_on: [a], prompt: second}
              - {id: c, depends_on: [b], agent: tool, prompt: third}
            """);

    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    var c = agents.requests.stream().filter(r -> r.stepId().equals("c")).findFirst().orElseThrow();
    assertThat(c.agent().command()).containsExactly("tool", "alpha");
    assertThat(c.agent().env()).containsEntry("B_STATUS", "succeeded");
  }

  @Test
  void inputsGivenAtStartOverrideDefaults() {
    Finished run =
        await(
            start(
                """
                name: inputs
                inputs: {who: nobody}
                steps:
                  - {id: hello, prompt: "hi {{ inputs.who }}"}
                """,
                Map.of("who", TextNode.valueOf("ada"))));

    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.prompts("hello")).containsExactly("hi ada");
  }

  @Test
  void missingFieldAtRenderTimeFailsTheStepWithTemplateErrorAndNoActivity() {
    Finished run =
        run(
            """
            name: missing
            steps:
              - {id: plan, prompt: p, with: {output: {a: 1}}}
              - {id: use, prompt: "{{ steps.plan.output.b }}"}
            """);

    assertThat(run.failureType()).isEqualTo(FailureTypes.PIPELINE_FAILED);
    assertThat(step(run.result(), "use").status()).isEqualTo(StepStatus.FAILED);
    assertThat(step(run.result(), "use").error().type()).isEqualTo(FailureTypes.TEMPLATE_ERROR);
    assertThat(agents.callsOf("use")).isZero();
  }

  @Test
  void forEachThatIsNotAnArrayOrTooLargeFailsTheStep() {
    Finished notArray =
        run(
            """
            name: notarray
            defaults: {on_error: wait_for_all}
            inputs: {one: 5}
            steps:
              - {id: fan, for_each: "{{ inputs.one }}", prompt: "{{ item }}"}
            """);
    assertThat(step(notArray.result(), "fan").error().type())
        .isEqualTo(FailureTypes.TEMPLATE_ERROR);

    Finished tooLarge =
        run(
            """
            name: toolarge
            inputs: {many: [1, 2, 3, 4, 5, 6]}
            steps:
              - {id: fan, for_each: "{{ inputs.many }}", prompt: x, max_items: 5}
            """);
    assertThat(step(tooLarge.result(), "fan").error().type())
        .isEqualTo(FailureTypes.FAN_OUT_TOO_LARGE);
    assertThat(step(tooLarge.result(), "fan").error().message())
        .contains("rendered 6 items; at most 5");
    assertThat(step(tooLarge.result(), "fan").error().retryable()).isFalse();
    assertThat(agents.calls).isEmpty();
  }
}
