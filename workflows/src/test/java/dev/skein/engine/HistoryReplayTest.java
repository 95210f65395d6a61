package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.run.RunStatus;
import dev.skein.visibility.SkeinSearchAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

  static final String WAIT_FOR_ALL =
      """
      name: wait-for-all
      defaults: {on_error: wait_for_all, heartbeat_timeout: 2s}
      steps:
        - {id: good, prompt: g, with: {output: {ok: true}}}
        - {id: bad, prompt: b, with: {fail: true, non_retryable: true}}
        - id: items
          for_each: "{{ inputs.items }}"
          on_error: wait_for_all
          prompt: "item {{ item.name }}"
          with: {fail: "{{ item.fail }}", non_retryable: true}
        - {id: after, depends_on: [good, bad], prompt: "after {{ steps.good.output.ok }}"}
      inputs:
        items: [{name: a, fail: false}, {name: b, fail: true}, {name: c, fail: false}]
      """;

  static final String ON_RESULT_ABORT =
      """
      name: on-result-abort
      defaults: {heartbeat_timeout: 2s}
      steps:
        - id: check
          prompt: check
          with: {output: {verdict: reject}}
          on_result:
            - {when: "output.verdict == 'reject'", action: abort}
        - {id: slow, prompt: slow, with: {gate: true}}
        - {id: ship, depends_on: [check], prompt: ship}
      """;

  static final String RUN_TIMEOUT =
      """
      name: run-timeout
      timeout: 3s
      defaults: {heartbeat_timeout: 2s}
      steps:
        - {id: quick, prompt: q}
        - {id: long, prompt: l, with: {gate: true}}
        - {id: never, depends_on: [long], prompt: n}
      """;

  static final String EXTERNAL_CANCEL =
      """
      name: external-cancel
      inputs: {numbers: [1, 2, 3]}
      defaults: {heartbeat_timeout: 2s, max_concurrency: 3}
      steps:
        - {id: first, prompt: f}
        - id: fan
          for_each: "{{ inputs.numbers }}"
          depends_on: [first]
          prompt: "fan {{ item }}"
          with: {gate: true}
        - {id: last, depends_on: [fan], prompt: l}
      """;

  static final String TEMPLATE_ERROR =
      """
      name: template-error
      defaults: {heartbeat_timeout: 2s}
      steps:
        - {id: plan, prompt: p, with: {output: {files: [a]}}}
        - {id: use, prompt: "{{ steps.plan.output.missing_field }}"}
        - {id: after, depends_on: [use], prompt: a}
      """;

  static final String ATTRIBUTES_SUCCEEDED =
      """
      name: attributes
      defaults: {heartbeat_timeout: 2s}
      steps:
        - {id: first, prompt: f}
        - {id: second, depends_on: [first], prompt: "{{ steps.first.output }}"}
      """;

  static final String ATTRIBUTES_CANCELLED =
      """
      name: attributes-cancelled
      defaults: {heartbeat_timeout: 2s}
      steps:
        - {id: nap, prompt: n, with: {gate: true}}
      """;

  static final String ATTRIBUTES_REJECTED =
      """
      name: attributes-rejected
      steps:
        - {id: orphan, depends_on: [nowhere], prompt: o}
      """;

  /** Histories recorded by the first shipped engine (SDK 1.38), one per way a run can stop. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "fanout-join",
        "fail-fast",
        "dataflow-retry-skip",
        "wait-for-all",
        "on-result-abort",
        "run-timeout",
        "external-cancel",
        "template-error"
      })
  void recordedHistoryReplays(String name) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/" + name + ".json", AgentPipelineImpl.class);
  }

  /**
   * Histories recorded by the engine of {@link EngineVersion#SHARDS} on the test server with
   * Skein's search attributes registered: the probe's marker and the upserts at start and end (a
   * run resuming another, a cancelled run, a rejected pipeline) must replay.
   */
  @ParameterizedTest
  @ValueSource(strings = {"attributes-succeeded", "attributes-cancelled", "attributes-rejected"})
  void recordedHistoryWithSearchAttributesReplays(String name) throws Exception {
    String resource = "histories/" + name + ".json";
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(
            new String(
                getClass().getClassLoader().getResourceAsStream(resource).readAllBytes(),
                StandardCharsets.UTF_8));
    // A re-recording without the attributes would replay too, and prove nothing.
    assertThat(
            history.getEvents().stream()
                .filter(
                    e -> e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
                .count())
        .isEqualTo(2);
    WorkflowReplayer.replayWorkflowExecution(history, AgentPipelineImpl.class);
  }

  @Test
  @EnabledIfSystemProperty(named = "skein.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    String only = System.getProperty("skein.recordOnly", "");
    if (!only.isEmpty()) {
      recordOne(only);
      return;
    }
    record("fanout-join", FANOUT_JOIN, RunStatus.SUCCEEDED);
    record("fail-fast", FAIL_FAST, RunStatus.FAILED);
    record("dataflow-retry-skip", DATAFLOW_RETRY_SKIP, RunStatus.SUCCEEDED);
    record("wait-for-all", WAIT_FOR_ALL, RunStatus.FAILED);
    record("on-result-abort", ON_RESULT_ABORT, RunStatus.FAILED);
    record("run-timeout", RUN_TIMEOUT, RunStatus.FAILED);
    record("template-error", TEMPLATE_ERROR, RunStatus.FAILED);
    recordCancelled();
  }

  private void recordOne(String name) throws Exception {
    switch (name) {
      case "wait-for-all" -> record(name, WAIT_FOR_ALL, RunStatus.FAILED);
      case "on-result-abort" -> record(name, ON_RESULT_ABORT, RunStatus.FAILED);
      case "run-timeout" -> record(name, RUN_TIMEOUT, RunStatus.FAILED);
      case "template-error" -> record(name, TEMPLATE_ERROR, RunStatus.FAILED);
      case "external-cancel" -> recordCancelled();
      case "attributes" -> recordWithSearchAttributes();
      default -> throw new IllegalArgumentException("no recording named " + name);
    }
  }

  /** The three histories with search attributes ({@code -Dskein.recordOnly=attributes}). */
  private void recordWithSearchAttributes() throws Exception {
    for (SearchAttributeKey<?> key : SkeinSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
    AgentPipeline stub =
        client.newWorkflowStub(
            AgentPipeline.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("resumed").build());
    WorkflowClient.start(
        stub::run,
        new PipelineInput(yaml(ATTRIBUTES_SUCCEEDED), Map.of(), new ResumeFrom("first-try"), null));
    save("attributes-succeeded", "resumed", RunStatus.SUCCEEDED);

    String napping = start(ATTRIBUTES_CANCELLED);
    eventually("the nap running", () -> agents.running.get() == 1);
    client.newUntypedWorkflowStub(napping).cancel();
    save("attributes-cancelled", napping, RunStatus.CANCELLED);

    record("attributes-rejected", ATTRIBUTES_REJECTED, RunStatus.FAILED);
  }

  private void recordCancelled() throws Exception {
    String id = start(EXTERNAL_CANCEL);
    eventually(
        "the fan-out running",
        () ->
            progress(id).steps().stream()
                .anyMatch(
                    s ->
                        s.id().equals("fan")
                            && s.tasks() != null
                            && s.tasks().size() == 3
                            && s.tasks().stream()
                                .allMatch(t -> t.status() == dev.skein.run.StepStatus.RUNNING)));
    client.newUntypedWorkflowStub(id).cancel();
    save("external-cancel", id, RunStatus.CANCELLED);
  }

  private void record(String name, String pipeline, RunStatus expected) throws Exception {
    save(name, start(pipeline), expected);
  }

  private void save(String name, String id, RunStatus expected) throws Exception {
    Finished run = await(id);
    if (run.result() == null) {
      // A cancelled run's failure carries no details; its records come from the query.
      run = new Finished(progress(id), run.failure());
    }
    assertThat(run.result().status()).as(name + ": " + run.result()).isEqualTo(expected);
    Path dir = Path.of("src/test/resources/histories");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name + ".json"), client.fetchHistory(id).toJson(true));
  }
}
