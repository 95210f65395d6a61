package dev.skein.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.model.AgentConfig;
import dev.skein.model.ErrorPolicy;
import dev.skein.model.Mode;
import dev.skein.model.OnResultRule;
import dev.skein.model.Pipeline;
import dev.skein.model.RetrySpec;
import dev.skein.model.Step;
import dev.skein.model.StepKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

// Needs h2's Templates.references, Condition.parse and Dependencies.of (branch h2-template):
// until that branch is merged these tests fail with UnsupportedOperationException("TODO").
class PipelineParserTest {

  static final String REVIEW =
      """
      name: code-review
      description: Review a repository
      inputs:
        repo: ./demo
        modules: [api, core]
      defaults:
        max_concurrency: 4
        on_error: wait_for_all
        timeout: 5m
        retry: {max_attempts: 4, initial_interval: 1s}
        task_queue: fast
        agent: claude
      timeout: 2h
      mode: dataflow
      agents:
        claude:
          kind: command
          command: [claude, -p]
          env: {PORT: 8080}
          pass_env: [ANTHROPIC_API_KEY]
          workdir: "{{ inputs.repo }}"
          grace_period: 10s
          max_output: 256KiB
        local:
          kind: openai
          base_url: http://localhost:11434/v1
          model: qwen2.5
          stream: true
      steps:
        - id: plan
          prompt: "Plan a review of {{ inputs.repo }}"
        - id: tests
          agent: local
          depends_on: [plan]
          for_each: "{{ inputs.modules }}"
          max_concurrency: 2
          prompt: "Tests for {{ item }} ({{ index }})"
          retry: {max_attempts: 5, retry_invalid_output: true}
          timeout: 30s
        - id: findings
          join: [plan, tests]
          on_error: fail_fast
          output_schema: {type: object, required: [plan]}
        - id: report
          agent: sleep
          with: {duration: 2s}
          when: "steps.findings.status == 'succeeded'"
          prompt: "Report on {{ steps.findings.output }}"
          allow_failure: true
          on_result:
            - {when: "output.verdict == 'reject'", action: abort}
            - {when: always, action: continue}
      """;

  @Test
  void buildsTheModel() throws Exception {
    Pipeline p = parse(REVIEW);
    assertThat(p.name()).isEqualTo("code-review");
    assertThat(p.description()).contains("Review a repository");
    assertThat(p.inputs()).containsOnlyKeys("repo", "modules");
    assertThat(p.timeout()).contains(Duration.ofHours(2));
    assertThat(p.mode()).isEqualTo(Mode.DATAFLOW);
    assertThat(p.defaults().maxConcurrency()).isEqualTo(4);

    AgentConfig claude = p.agents().get("claude");
    assertThat(claude.command()).containsExactly("claude", "-p");
    assertThat(claude.promptVia()).isEqualTo("stdin");
    assertThat(claude.env()).isEqualTo(Map.of("PORT", "8080"));
    assertThat(claude.gracePeriodMs()).isEqualTo(10_000L);
    assertThat(claude.maxOutputBytes()).isEqualTo(256 * 1024L);
    AgentConfig local = p.agents().get("local");
    assertThat(local.baseUrl()).isEqualTo("http://localhost:11434/v1");
    assertThat(local.stream()).isTrue();
    assertThat(local.command()).isNull();

    assertThat(p.steps())
        .extracting(Step::kind)
        .containsExactly(StepKind.AGENT, StepKind.FAN_OUT, StepKind.JOIN, StepKind.AGENT);
    Step findings = p.step("findings").orElseThrow();
    assertThat(findings.join()).containsExactly("plan", "tests");
    assertThat(findings.agent()).isEmpty();
    assertThat(findings.outputSchema()).isPresent();
    Step report = p.step("report").orElseThrow();
    assertThat(report.agent()).contains("sleep");
    assertThat(report.with().get("duration").asText()).isEqualTo("2s");
    assertThat(report.allowFailure()).isTrue();
    assertThat(report.onResult())
        .containsExactly(
            new OnResultRule("output.verdict == 'reject'", OnResultRule.Action.ABORT),
            new OnResultRule("always", OnResultRule.Action.CONTINUE));
  }

  @Test
  void stepsInheritDefaultsAndOverrideThem() throws Exception {
    Pipeline p = parse(REVIEW);
    Step plan = p.step("plan").orElseThrow();
    assertThat(plan.agent()).contains("claude");
    assertThat(plan.options().onError()).isEqualTo(ErrorPolicy.WAIT_FOR_ALL);
    assertThat(plan.options().timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(plan.options().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(plan.options().taskQueue()).isEqualTo("fast");
    assertThat(plan.options().maxConcurrency()).isEmpty();
    assertThat(plan.options().retry())
        .isEqualTo(new RetrySpec(4, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), false));

    Step tests = p.step("tests").orElseThrow();
    assertThat(tests.agent()).contains("local");
    assertThat(tests.options().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(tests.options().maxConcurrency()).contains(2);
    // Retry merges field by field: the step's max_attempts over the defaults' initial_interval.
    assertThat(tests.options().retry())
        .isEqualTo(new RetrySpec(5, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), true));

    assertThat(p.step("findings").orElseThrow().options().onError())
        .isEqualTo(ErrorPolicy.FAIL_FAST);
  }

  @Test
  void withoutDefaultsTheStandardOnesApply() throws Exception {
    Pipeline p = parse("name: tiny\nsteps:\n  - id: only\n    prompt: hi\n");
    Step only = p.steps().get(0);
    assertThat(p.defaults()).isEqualTo(dev.skein.model.Defaults.standard());
    assertThat(p.mode()).isEqualTo(Mode.LEVELS);
    assertThat(p.timeout()).isEmpty();
    assertThat(only.agent()).contains("echo");
    assertThat(only.options().retry()).isEqualTo(RetrySpec.standard());
    assertThat(only.options().timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(only.with().isEmpty()).isTrue();
  }

  @Test
  void yamlAndJsonGiveEqualModels() throws Exception {
    PipelineDocument yaml = PipelineDocument.parse(REVIEW, "review.yaml");
    String json =
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(yaml.tree());
    PipelineDocument fromJson = PipelineDocument.parse(json, "review.json");
    assertThat(fromJson.tree()).isEqualTo(yaml.tree());
    assertThat(PipelineParser.parse(fromJson)).isEqualTo(PipelineParser.parse(yaml));
    // The tree without text (the workflow input) parses the same too.
    assertThat(PipelineParser.parse(yaml.tree())).isEqualTo(PipelineParser.parse(yaml));
  }

  @Test
  void yamlBooleansInWhenMeanAlwaysAndNever() throws Exception {
    Pipeline p = parse("name: b\nsteps:\n  - id: a\n    prompt: x\n    when: false\n");
    assertThat(p.steps().get(0).when()).contains("never");
  }

  static Pipeline parse(String yaml) throws InvalidPipelineException {
    return PipelineParser.parse(PipelineDocument.parse(yaml, "test.yaml"));
  }
}
