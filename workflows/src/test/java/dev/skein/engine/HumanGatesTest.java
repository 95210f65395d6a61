package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.contract.FailureTypes;
import dev.skein.run.GateRecord;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Approval steps and {@code on_error: pause} in the test environment: gates wait while the rest of
 * the run goes on, decisions arrive through the {@code decide} update, and its validator refuses,
 * with nothing in history, what cannot be decided.
 */
class HumanGatesTest extends EngineTestBase {

  private static final String APPROVAL =
      """
      name: gated
      mode: dataflow
      defaults: {heartbeat_timeout: 2s}
      steps:
        - {id: review, prompt: the diff, with: {output: '{"summary": "fix typo"}'}}
        - id: ship
          approval:
            prompt: "Merge {{ steps.review.output.summary }}?"
            ON
          depends_on: [review]
        - {id: side, prompt: side, with: {output: side-done, gate: true}}
        - {id: after, prompt: "{{ steps.ship.output.decision }} by {{ steps.ship.output.by }}"}
      """;

  private static String approval(String on) {
    return APPROVAL.replace("ON", on);
  }

  /** The one gate of {@code step} once it waits. */
  private GateRecord waitsAt(String id, String step) {
    eventually(step + " waits", () -> step(handle(id).progress(null), step).waiting() != null);
    return step(handle(id).progress(null), step).waiting().get(0);
  }

  @Test
  void anApprovalWaitsWhileAParallelBranchRunsThenApproveLetsItsDependentsGoOn() {
    String id = start(approval("on_reject: fail"));
    GateRecord gate = waitsAt(id, "ship");
    assertThat(gate.kind()).isEqualTo(GateRecord.APPROVAL);
    assertThat(gate.prompt()).isEqualTo("Merge fix typo?");
    assertThat(gate.accepts()).containsExactly("approve", "reject");
    assertThat(gate.task()).isNull();
    // The parallel branch is still at work while the gate waits.
    assertThat(step(handle(id).progress(null), "side").status()).isEqualTo(StepStatus.RUNNING);

    StepRecord now = handle(id).decide(Decision.approve("ship", "alice", "looks good"));
    assertThat(now.status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(now.waiting()).isNull();
    assertThat(refusal(id, Decision.approve("ship", "bob", null)))
        .startsWith("'ship' was already decided: it was decided at ")
        .endsWith(": approve by alice");

    agents.release("side");
    Finished done = await(id);
    assertThat(done.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    JsonNode out = yaml(done.step("ship").output());
    assertThat(out.path("decision").asText()).isEqualTo("approved");
    assertThat(out.path("by").asText()).isEqualTo("alice");
    assertThat(out.path("comment").asText()).isEqualTo("looks good");
    assertThat(out.path("at").asText()).isNotEmpty();
    assertThat(agents.prompts("after")).containsExactly("approved by alice");
    assertThat(updatesIn(id)).isEqualTo(1);
  }

  @Test
  void aRejectionFailsTheStepAndTheRun() {
    String id = start(approval("on_reject: fail"));
    waitsAt(id, "ship");
    StepRecord now = handle(id).decide(Decision.reject("ship", "carol", "not now"));
    assertThat(now.status()).isEqualTo(StepStatus.FAILED);
    agents.release("side");
    Finished done = await(id);
    assertThat(done.result().status()).isEqualTo(RunStatus.FAILED);
    assertThat(done.step("ship").error().type()).isEqualTo(FailureTypes.REJECTED);
    assertThat(done.step("ship").error().message()).isEqualTo("rejected by carol: not now");
    assertThat(done.step("after").status()).isEqualTo(StepStatus.CANCELLED);
  }

  @Test
  void aRejectionUnderOnRejectSkipSkipsTheStepAndItsDependent() {
    String id = start(approval("on_reject: skip"));
    waitsAt(id, "ship");
    handle(id).decide(Decision.reject("ship", "carol", null));
    agents.release("side");
    Finished done = await(id);
    assertThat(done.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.step("ship").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(done.step("ship").reason()).isEqualTo("rejected");
    assertThat(done.step("after").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(done.step("after").reason()).isEqualTo("upstream_skipped");
    assertThat(agents.callsOf("after")).isZero();
  }

  @Test
  void eachOnTimeoutValueDecidesWhenTheTimeoutRunsOut() {
    // Time skipping: awaiting the result lets the test server jump to the gate's timer.
    String approve =
        start(approval("timeout: 72h\n      on_timeout: approve").replace(", gate: true", ""));
    Finished approved = await(approve);
    assertThat(approved.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(yaml(approved.step("ship").output()).path("by").asText()).isEqualTo("timeout");
    assertThat(agents.prompts("after")).containsExactly("approved by timeout");

    String reject =
        start(
            approval("timeout: 1h\n      on_timeout: reject\n      on_reject: skip")
                .replace(", gate: true", ""));
    Finished rejected = await(reject);
    assertThat(rejected.step("ship").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(yaml(rejected.step("ship").output()).path("decision").asText())
        .isEqualTo("rejected");

    String fail =
        start(approval("timeout: 1h\n      on_timeout: fail").replace(", gate: true", ""));
    Finished failed = await(fail);
    assertThat(failed.result().status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.step("ship").error().type()).isEqualTo(FailureTypes.APPROVAL_TIMEOUT);
    assertThat(failed.step("ship").error().message())
        .isEqualTo("no decision within the approval's timeout of 1h");
  }

  private static final String PAUSED =
      """
      name: paused
      steps:
        - {id: flaky, prompt: first try, on_error: pause, retry: {max_attempts: 1}}
        - {id: next, prompt: "got {{ steps.flaky.output }}"}
      """;

  @Test
  void aPausedFailureRetriedWithAnotherPromptGoesOn() {
    agents.broken.add("flaky");
    String id = start(PAUSED);
    GateRecord gate = waitsAt(id, "flaky");
    assertThat(gate.kind()).isEqualTo(GateRecord.PAUSE);
    assertThat(gate.accepts()).containsExactly("retry", "skip", "fail");
    assertThat(gate.prompt()).startsWith("failed after 1 attempt: ");
    assertThat(step(handle(id).progress(null), "flaky").status()).isEqualTo(StepStatus.RUNNING);
    assertThat(refusal(id, Decision.approve("flaky", null, null)))
        .isEqualTo("'flaky' is a paused failure: it takes retry, skip, fail, not approve");

    agents.broken.remove("flaky");
    handle(id).decide(new Decision("flaky", null, Decision.RETRY, "dan", null, "second try", null));
    Finished done = await(id);
    assertThat(done.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.prompts("flaky")).containsExactly("first try", "second try");
    assertThat(agents.prompts("next")).containsExactly("got second try");
  }

  /** A retried step waits for a slot like any other: the run's cap holds while it is decided. */
  @Test
  void aRetriedStepWaitsForASlotUnderTheRunsCap() {
    agents.broken.add("flaky");
    String id =
        start(
            """
            name: capped
            defaults: {max_concurrency: 1, heartbeat_timeout: 2s}
            steps:
              - {id: flaky, prompt: try, on_error: pause, retry: {max_attempts: 1}}
              - {id: long, prompt: long, with: {gate: true}}
            """);
    waitsAt(id, "flaky");
    eventually("long running", () -> agents.running.get() == 1 && agents.callsOf("long") == 1);

    agents.broken.remove("flaky");
    StepRecord now =
        handle(id).decide(new Decision("flaky", null, Decision.RETRY, null, null, null, null));
    // The one slot is long's: the retried step waits for it, and starts no agent yet.
    assertThat(now.status()).isEqualTo(StepStatus.PENDING);
    assertThat(step(progress(id), "flaky").status()).isEqualTo(StepStatus.PENDING);
    assertThat(agents.callsOf("flaky")).isEqualTo(1);
    agents.release("long");

    assertThat(await(id).result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.callsOf("flaky")).isEqualTo(2);
    assertThat(agents.peak.get()).isEqualTo(1);
  }

  @Test
  void aPausedFailureSkippedWithASubstituteOutputOrFailed() {
    agents.broken.add("flaky");
    String skip = start(PAUSED);
    waitsAt(skip, "flaky");
    StepRecord now =
        handle(skip)
            .decide(new Decision("flaky", null, Decision.SKIP, null, null, null, "stand-in"));
    assertThat(now.status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(await(skip).result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.prompts("next")).containsExactly("got stand-in");

    String fail = start(PAUSED);
    waitsAt(fail, "flaky");
    handle(fail).decide(new Decision("flaky", null, Decision.FAIL, null, null, null, null));
    Finished failed = await(fail);
    assertThat(failed.result().status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.step("flaky").status()).isEqualTo(StepStatus.FAILED);
    assertThat(failed.step("next").status()).isEqualTo(StepStatus.CANCELLED);
  }

  @Test
  void aSingleFanOutTaskPausesWhileItsSiblingsFinish() {
    agents.broken.add("each#1");
    String id =
        start(
            """
            name: fan
            steps:
              - id: each
                for_each: "[1, 2, 3]"
                prompt: "n{{ item }}"
                on_error: pause
                retry: {max_attempts: 1}
            """);
    GateRecord gate = waitsAt(id, "each");
    assertThat(gate.task()).isEqualTo(1);
    assertThat(gate.prompt()).startsWith("task 1 failed after 1 attempt");
    eventually(
        "the siblings finish",
        () -> step(handle(id).progress(null), "each").taskCounts().succeeded() == 2);
    assertThat(refusal(id, new Decision("each", null, Decision.RETRY, null, null, null, null)))
        .isEqualTo("step 'each' does not wait itself; its tasks do: name one, each#1");
    assertThat(refusal(id, new Decision("each", 0, Decision.RETRY, null, null, null, null)))
        .isEqualTo("'each#0' is not waiting for a decision (it is succeeded)");
    assertThat(refusal(id, new Decision("each", 9, Decision.RETRY, null, null, null, null)))
        .isEqualTo("step 'each' has no task 9 (it has 3 tasks)");

    agents.broken.remove("each#1");
    handle(id).decide(new Decision("each", 1, Decision.RETRY, null, null, null, null));
    Finished done = await(id);
    assertThat(done.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.callsOf("each#1")).isEqualTo(2);
  }

  @Test
  void theValidatorRefusesWhatCannotBeDecidedAndHistoryKeepsNoneOfIt() {
    String id = start(approval("on_reject: fail"));
    waitsAt(id, "ship");
    assertThat(refusal(id, Decision.approve("nope", null, null)))
        .isEqualTo("the run has no step 'nope' (steps: review, ship, side, after)");
    assertThat(refusal(id, Decision.approve("side", null, null)))
        .isEqualTo("'side' is not waiting for a decision (it is running)");
    assertThat(refusal(id, new Decision("ship", 2, Decision.APPROVE, null, null, null, null)))
        .isEqualTo("step 'ship' is not a fan-out: it has no task 2");
    assertThat(refusal(id, new Decision("ship", null, Decision.RETRY, null, null, null, null)))
        .isEqualTo("'ship' is an approval: it takes approve, reject, not retry");
    assertThat(refusal(id, new Decision("ship", null, "maybe", null, null, null, null)))
        .startsWith("unknown decision 'maybe': one of approve, reject, retry, skip, fail");
    assertThat(updatesIn(id)).isZero();

    // A cancel ends the waiting gate as cancelled; a decision after that is refused.
    client.newUntypedWorkflowStub(id).cancel();
    await(id);
    var ended = progress(id); // a cancelled run's records come from the query
    assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(step(ended, "ship").status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(step(ended, "ship").reason()).isEqualTo("cancelled");
    assertThat(step(ended, "ship").waiting()).isNull();
    assertThat(step(ended, "side").status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(updatesIn(id)).isZero();
  }

  /** The validator's sentence for a refused decision. */
  private String refusal(String id, Decision decision) {
    WorkflowUpdateException e =
        catchThrowableOfType(WorkflowUpdateException.class, () -> handle(id).decide(decision));
    assertThat(e).as("refused: " + decision).isNotNull();
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root instanceof ApplicationFailure app ? app.getOriginalMessage() : root.getMessage();
  }

  /** How many updates the run's history accepted. */
  private long updatesIn(String id) {
    List<HistoryEvent> events = client.fetchHistory(id).getEvents();
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
        .count();
  }
}
