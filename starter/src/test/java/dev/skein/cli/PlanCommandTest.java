package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skein plan} as a real process: a dataflow pipeline with a fan-out over an input list,
 * retries and two task queues. No Temporal service exists here, so it also shows that plan needs
 * none.
 */
class PlanCommandTest {

  @TempDir static Path dir;

  @BeforeAll
  static void pipeline() throws Exception {
    Files.writeString(
        dir.resolve("review.yaml"),
        """
        name: review
        mode: dataflow
        inputs:
          files: [a.py, b.py]
        defaults:
          retry: {max_attempts: 2}
        steps:
          - id: plan
            prompt: "Plan the review"
          - id: tests
            for_each: "{{ inputs.files }}"
            prompt: "Write tests for {{ item }}"
            task_queue: gpu
            retry: {max_attempts: 3}
          - id: lint
            depends_on: [plan]
            for_each: "{{ steps.plan.output }}"
            prompt: "Lint {{ item }}"
            max_items: 4
          - id: report
            join: [tests, lint]
        """);
  }

  @Test
  void jsonRendersTheFanOutFromTheGivenInputs() throws Exception {
    Cli.Result r =
        Cli.run(
            dir, "plan", "review.yaml", "-i", "files=[\"a\",\"b\",\"c\",\"d\",\"e\"]", "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode plan = new ObjectMapper().readTree(r.out());
    assertThat(plan.get("pipeline").asText()).isEqualTo("review");
    assertThat(plan.get("mode").asText()).isEqualTo("dataflow");
    assertThat(texts(plan.get("levels").get(0))).containsExactly("plan", "tests");
    assertThat(texts(plan.get("levels").get(1))).containsExactly("lint");
    assertThat(texts(plan.get("levels").get(2))).containsExactly("report");

    JsonNode tests = plan.get("steps").get(1);
    assertThat(tests.get("kind").asText()).isEqualTo("fan_out");
    assertThat(tests.get("tasks").asInt()).isEqualTo(5);
    assertThat(tests.get("max_attempts").asInt()).isEqualTo(3);
    assertThat(tests.get("max_agent_calls").asInt()).isEqualTo(15);
    assertThat(tests.get("task_queue").asText()).isEqualTo("gpu");

    JsonNode lint = plan.get("steps").get(2);
    assertThat(lint.get("tasks").isNull()).isTrue();
    assertThat(lint.get("tasks_note").asText()).contains("output of step 'plan'");
    assertThat(lint.get("assumed_max_items").asBoolean()).isTrue();
    assertThat(lint.get("max_agent_calls").asInt()).isEqualTo(4 * 2);

    JsonNode report = plan.get("steps").get(3);
    assertThat(report.get("kind").asText()).isEqualTo("join");
    assertThat(report.get("tasks").asInt()).isZero();
    assertThat(report.has("task_queue")).isFalse();

    // plan 1 task x 2 attempts + tests 5 x 3 + lint 4 (max_items) x 2
    assertThat(plan.get("max_agent_calls").asInt()).isEqualTo(2 + 15 + 8);
    assertThat(texts(plan.get("task_queues").get("skein"))).containsExactly("plan", "lint");
    assertThat(texts(plan.get("task_queues").get("gpu"))).containsExactly("tests");
    assertThat(texts(plan.get("critical_path"))).containsExactly("plan", "lint", "report");
    assertThat(plan.get("overlaps").size()).isEqualTo(1);
    assertThat(texts(plan.get("overlaps").get(0))).containsExactly("tests", "lint");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void textUsesTheDeclaredDefaultsWithoutInputs() {
    Cli.Result r = Cli.run(dir, "plan", "review.yaml");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("review: 4 steps in 3 levels (dataflow mode)")
        .contains("level 0")
        .containsPattern(
            "tests +fan-out of 2 tasks .* on queue gpu .* up to 3 attempts .* at most 6 calls")
        .containsPattern("lint +fan-out of unknown size .*known only once it has run")
        .containsPattern("report +join, no agent call")
        .contains(
            "agent calls: at most 16 (retries included; fan-outs of unknown size counted at their max_items: lint)")
        .contains("task queues: skein (plan, lint), gpu (tests)")
        .contains("critical path: 3 steps, plan -> lint -> report")
        .contains("tests and lint");
  }

  @Test
  void badInputsExitTwoAndStartNothing() {
    Cli.Result undeclared = Cli.run(dir, "plan", "review.yaml", "-i", "whoo=bob");
    assertThat(undeclared.exit()).as(undeclared.toString()).isEqualTo(2);
    assertThat(undeclared.err()).contains("input 'whoo' is not declared");

    Cli.Result notAList = Cli.run(dir, "plan", "review.yaml", "-i", "files=a.py", "--json");
    assertThat(notAList.exit()).as(notAList.toString()).isZero();
    assertThat(notAList.out()).contains("not a list");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
