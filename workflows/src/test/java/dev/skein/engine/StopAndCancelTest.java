package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.contract.FailureTypes;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import org.junit.jupiter.api.Test;

/** The run timeout and an external cancellation share the cancel-and-drain path. */
class StopAndCancelTest extends EngineTestBase {

  private static final String MID_LEVEL =
      """
      name: stoppable
      %s
      defaults: {heartbeat_timeout: 2s}
      steps:
        - {id: quick, prompt: q}
        - {id: long1, prompt: a, with: {gate: true}}
        - {id: long2, prompt: b, with: {gate: true}}
        - {id: later, prompt: "{{ steps.long1.output }}"}
      """;

  @Test
  void wholeRunTimeoutMidLevelCancelsAndDrains() {
    Finished run = run(MID_LEVEL.formatted("timeout: 3s"));

    assertThat(run.failureType()).isEqualTo(FailureTypes.PIPELINE_TIMEOUT);
    assertThat(run.failureMessage()).contains("timeout of 3s");
    assertThat(agents.cancelled).containsExactlyInAnyOrder("long1", "long2");
    var result = run.result();
    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(step(result, "quick").status()).isEqualTo(StepStatus.SUCCEEDED);
    for (String id : new String[] {"long1", "long2", "later"}) {
      assertThat(step(result, id).status()).as(id).isEqualTo(StepStatus.CANCELLED);
      assertThat(step(result, id).reason()).as(id).isEqualTo("timeout");
    }
    // Drained: the cancelled agents completed before the run did.
    assertThat(step(result, "long1").completedAt()).isLessThanOrEqualTo(result.completedAt());
  }

  @Test
  void externalCancelMidLevelEndsCancelledWithInFlightActivitiesCancelled() {
    String id = start(MID_LEVEL.formatted(""));
    eventually(
        "both long steps running",
        () ->
            step(progress(id), "long1").status() == StepStatus.RUNNING
                && step(progress(id), "long2").status() == StepStatus.RUNNING
                && agents.running.get() == 2);

    WorkflowStub.fromTyped(handle(id)).cancel();
    Finished run = await(id);

    assertThat(run.failure().getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(agents.cancelled).containsExactlyInAnyOrder("long1", "long2");
    var result = progress(id); // still answers after the run closed
    assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(step(result, "quick").status()).isEqualTo(StepStatus.SUCCEEDED);
    for (String s : new String[] {"long1", "long2", "later"}) {
      assertThat(step(result, s).status()).as(s).isEqualTo(StepStatus.CANCELLED);
      assertThat(step(result, s).reason()).as(s).isEqualTo("cancelled");
    }
    // A cancelled workflow's completion carries no details in Temporal; the progress query is
    // where clients read the final records of a cancelled run.
  }
}
