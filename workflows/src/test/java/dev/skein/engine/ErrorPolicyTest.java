package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.contract.FailureTypes;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import org.junit.jupiter.api.Test;

/** fail_fast, wait_for_all, allow_failure, fan-out on_error and retries. */
class ErrorPolicyTest extends EngineTestBase {

  @Test
  void failFastCancelsInFlightSiblingsAndNeverStartsTheRest() {
    String id =
        start(
            """
            name: ff
            defaults: {heartbeat_timeout: 2s}
            steps:
              - {id: a, prompt: a, with: {gate: true}}
              - {id: b, prompt: b, with: {gate: true}}
              - {id: c, prompt: c, with: {fail: true, non_retryable: true, work_ms: 200}}
              - {id: d, prompt: d}
              - {id: e, prompt: e}
            """);
    Finished run = await(id);

    assertThat(run.failureType()).isEqualTo(FailureTypes.PIPELINE_FAILED);
    assertThat(run.failureMessage()).contains("step 'c' failed").contains("AgentFailed");
    assertThat(agents.cancelled).containsExactlyInAnyOrder("a", "b");
    assertThat(agents.callsOf("d") + agents.callsOf("e")).isZero();
    RunResult result = run.result();
    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(step(result, "c").status()).isEqualTo(StepStatus.FAILED);
    assertThat(step(result, "c").error().type()).isEqualTo(FailureTypes.AGENT_FAILED);
    for (String s : new String[] {"a", "b", "d", "e"}) {
      assertThat(step(result, s).status()).as(s).isEqualTo(StepStatus.CANCELLED);
      assertThat(step(result, s).reason()).as(s).isEqualTo("fail_fast");
    }
    // The progress query still answers after the run closed, with the same records.
    assertThat(progress(id).steps()).isEqualTo(result.steps());
  }

  @Test
  void waitForAllRunsEverythingRunnableAndSkipsDependentsOfTheFailure() {
    Finished run =
        run(
            """
            name: wfa
            defaults: {on_error: wait_for_all, heartbeat_timeout: 2s}
            steps:
              - {id: bad, prompt: bad, with: {fail: true, non_retryable: true}}
              - {id: good, prompt: good, with: {output: fine}}
              - {id: after_bad, prompt: "{{ steps.bad.output }}"}
              - {id: after_good, prompt: "next {{ steps.good.output }}"}
              - id: merged
                join: [bad, good]
            """);

    assertThat(run.failureType()).isEqualTo(FailureTypes.PIPELINE_FAILED);
    assertThat(run.failureMessage()).contains("step 'bad' failed");
    RunResult result = run.result();
    assertThat(step(result, "good").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(step(result, "after_good").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(step(result, "after_bad").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(step(result, "after_bad").reason()).isEqualTo("upstream_failed");
    assertThat(step(result, "merged").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(step(result, "merged").output())
        .isEqualTo(
            "[bad]:\n{\"error\":{\"type\":\"AgentFailed\",\"message\":\"bad failed on attempt 1\"}}"
                + "\n\n[good]:\nfine");
  }

  @Test
  void allowFailureDoesNotFailTheRunAndDependentsSeeTheError() {
    Finished run =
        run(
            """
            name: allow
            defaults: {heartbeat_timeout: 2s}
            steps:
              - {id: flaky, prompt: x, allow_failure: true, with: {fail: true, non_retryable: true}}
              - {id: next, prompt: "saw {{ steps.flaky.status }}"}
            """);

    assertThat(run.failure()).isNull();
    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.prompts("next")).containsExactly("saw failed");
  }

  @Test
  void waitForAllJoinKeepsBranchFailuresFromFailingFast() {
    Finished run =
        run(
            """
            name: join-wfa
            defaults: {heartbeat_timeout: 2s}
            steps:
              - {id: bad, prompt: bad, with: {fail: true, non_retryable: true}}
              - {id: slow, prompt: slow, with: {work_ms: 500, output: done}}
              - id: merged
                join: [bad, slow]
                on_error: wait_for_all
            """);

    RunResult result = run.result();
    assertThat(step(result, "slow").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(step(result, "merged").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(step(result, "merged").output()).contains("[slow]:\ndone").contains("\"error\"");
    // The branch did not allow_failure, so the run still ends failed.
    assertThat(run.failureType()).isEqualTo(FailureTypes.PIPELINE_FAILED);
  }

  @Test
  void fanOutFailFastCancelsSiblingTasksOnlyAndTheStepFails() {
    Finished run =
        run(
            """
            name: fan-ff
            defaults: {on_error: wait_for_all, heartbeat_timeout: 2s}
            inputs:
              items:
                - {fail: "false", gate: "true"}
                - {fail: "true", gate: "false"}
                - {fail: "false", gate: "true"}
                - {fail: "false", gate: "true"}
            steps:
              - id: fan
                for_each: "{{ inputs.items }}"
                on_error: fail_fast
                max_concurrency: 3
                prompt: "task {{ index }}"
                with: {gate: "{{ item.gate }}", fail: "{{ item.fail }}", non_retryable: true}
              - {id: other, prompt: other, with: {work_ms: 100}}
            """);

    RunResult result = run.result();
    var fan = step(result, "fan");
    assertThat(fan.status()).isEqualTo(StepStatus.FAILED);
    assertThat(fan.error().message()).startsWith("task 1: ");
    assertThat(fan.tasks())
        .extracting(t -> t.status())
        .containsExactly(
            StepStatus.CANCELLED, StepStatus.FAILED, StepStatus.CANCELLED, StepStatus.CANCELLED);
    assertThat(agents.cancelled).containsExactlyInAnyOrder("fan#0", "fan#2");
    assertThat(agents.callsOf("fan#3")).isZero();
    // wait_for_all run: the rest of the run went on.
    assertThat(step(result, "other").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(run.failureType()).isEqualTo(FailureTypes.PIPELINE_FAILED);
    assertThat(fan.tasks().get(1).error().type()).isEqualTo(FailureTypes.AGENT_FAILED);
    assertThat(fan.taskCounts().failed()).isEqualTo(1);
    assertThat(fan.taskCounts().cancelled()).isEqualTo(3);
    assertThat(fan.taskCounts().pending()).isZero();
  }

  @Test
  void retriedActivityReportsItsAttempts() {
    Finished run =
        run(
            """
            name: retry
            defaults:
              heartbeat_timeout: 2s
              retry: {max_attempts: 3, initial_interval: 1s}
            steps:
              - {id: flaky, prompt: x, with: {fail_times: 2}}
            """);

    assertThat(run.failure()).isNull();
    assertThat(step(run.result(), "flaky").attempts()).isEqualTo(3);
    assertThat(agents.callsOf("flaky")).isEqualTo(3);
  }

  @Test
  void nonRetryableFailureIsNotRetried() {
    Finished run =
        run(
            """
            name: noretry
            defaults:
              heartbeat_timeout: 2s
              retry: {max_attempts: 5, initial_interval: 1s}
            steps:
              - {id: once, prompt: x, with: {fail: true, non_retryable: true}}
              - {id: config, prompt: y, with: {fail: true, fail_type: AgentConfigError}}
            """
                .replace("defaults:", "defaults:\n  on_error: wait_for_all"));

    assertThat(agents.callsOf("once")).isEqualTo(1);
    assertThat(agents.callsOf("config")).isEqualTo(1);
    assertThat(step(run.result(), "once").attempts()).isEqualTo(1);
    assertThat(step(run.result(), "config").error().type())
        .isEqualTo(FailureTypes.AGENT_CONFIG_ERROR);
    assertThat(step(run.result(), "config").error().retryable()).isFalse();
  }
}
