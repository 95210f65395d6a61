package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import org.junit.jupiter.api.Test;

/** Dataflow releases a step when its dependencies finish; levels waits for the whole level. */
class DataflowModeTest extends EngineTestBase {

  private static final String DAG =
      """
      name: dag
      mode: %s
      defaults: {heartbeat_timeout: 2s}
      steps:
        - {id: long, prompt: l, with: {gate: true}}
        - {id: s1, prompt: a}
        - {id: s2, prompt: "{{ steps.s1.output }}"}
        - {id: s3, prompt: "{{ steps.s2.output }}"}
        - id: all
          join: [long, s3]
      """;

  @Test
  void dataflowFinishesTheShortChainBeforeTheLongBranch() {
    String id = start(DAG.formatted("dataflow"));
    eventually("s3 succeeded", () -> step(progress(id), "s3").status() == StepStatus.SUCCEEDED);
    assertThat(step(progress(id), "long").status()).isEqualTo(StepStatus.RUNNING);
    agents.release("long");
    RunResult result = await(id).result();

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step(result, "s3").completedAt())
        .isLessThanOrEqualTo(step(result, "long").completedAt());
    assertThat(step(result, "s3").level()).isEqualTo(2);
  }

  @Test
  void levelsModeHoldsTheChainUntilTheLongBranchIsDone() {
    String id = start(DAG.formatted("levels"));
    eventually("s1 succeeded", () -> step(progress(id), "s1").status() == StepStatus.SUCCEEDED);
    // s2 is on level 1: it may not start while 'long' (level 0) still runs.
    assertThat(step(progress(id), "s2").status()).isEqualTo(StepStatus.PENDING);
    assertThat(agents.callsOf("s2")).isZero();
    agents.release("long");
    RunResult result = await(id).result();

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step(result, "s2").launchedAt())
        .isGreaterThanOrEqualTo(step(result, "long").completedAt());
    assertThat(step(result, "s3").completedAt()).isGreaterThan(step(result, "long").completedAt());
  }
}
