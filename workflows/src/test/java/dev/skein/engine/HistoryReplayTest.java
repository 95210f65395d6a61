package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.run.RunStatus;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Determinism: histories of three representative runs, recorded once, must replay against the
 * current workflow code. A change that breaks replay must go behind {@code Workflow.getVersion}.
 *
 * <p>Re-record (only after an intentional, versioned change) with {@code mvn -pl workflows test
 * -Dtest=HistoryReplayTest -Dskein.recordHistories=true}.
 */
class HistoryReplayTest extends EngineTestBase {

  static final String FANOUT_JOIN =
      """
      name: fanout-join
      inputs: {repo: demo}
      defaults: {heartbeat_timeout: 2s}
      steps:
        - {id: plan, prompt: "plan {{ inputs.repo }}", with: {output: {modules: [api, core, cli]}}}
        - id: tests
          for_each: "{{ steps.plan.output.modules }}"
          max_concurrency: 2
          prompt: "tests for {{ item }} #{{ index }}"
        - {id: style, depends_on: [plan], prompt: style, with: {output: {ok: true}}}
        - id: findings
          join: [tests, style]
          output_schema: {type: object, required: [tests, style]}
        - {id: report, prompt: "report {{ steps.findings.style.ok }}"}
      """;

  static final String FAIL_FAST =
      """
      name: fail-fast
      defaults: {max_concurrency: 3, heartbeat_timeout: 2s}
      steps:
        - {id: a, prompt: a, with: {gate: true}}
        - {id: b, prompt: b, with: {gate: true}}
        - {id: c, prompt: c, with: {fail: true, non_retryable: true, work_ms: 200}}
        - {id: d, prompt: d}
      """;

  static final String DATAFLOW_RETRY_SKIP =
      """
      name: dataflow-retry-skip
      mode: dataflow
      defaults:
        heartbeat_timeout: 2s
        retry: {max_attempts: 3, initial_interval: 1s}
      steps:
        - {id: flaky, prompt: f, with: {fail_times: 1, output: {verdict: ok}}}
        - {id: dormant, prompt: o, when: never}
        - {id: after_dormant, prompt: "{{ steps.dormant.output }}"}
        - id: gate
          join: [flaky, dormant]
          on_result:
            - {when: "status == 'failed'", action: abort}
            - {when: always, action: continue}
        - {id: last, prompt: "{{ steps.gate.output }}"}
      """;

  @ParameterizedTest
  @ValueSource(strings = {"fanout-join", "fail-fast", "dataflow-retry-skip"})
  void recordedHistoryReplays(String name) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/" + name + ".json", AgentPipelineImpl.class);
  }

  @Test
  @EnabledIfSystemProperty(named = "skein.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    record("fanout-join", FANOUT_JOIN, RunStatus.SUCCEEDED);
    record("fail-fast", FAIL_FAST, RunStatus.FAILED);
    record("dataflow-retry-skip", DATAFLOW_RETRY_SKIP, RunStatus.SUCCEEDED);
  }

  private void record(String name, String pipeline, RunStatus expected) throws Exception {
    String id = start(pipeline);
    Finished run = await(id);
    assertThat(run.result().status()).as(name + ": " + run.result()).isEqualTo(expected);
    Path dir = Path.of("src/test/resources/histories");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name + ".json"), client.fetchHistory(id).toJson(true));
  }
}
