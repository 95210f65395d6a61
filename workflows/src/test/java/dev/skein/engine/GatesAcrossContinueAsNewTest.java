package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.run.GateRecord;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A gate that waits while the rest of a large run goes on: the run still continues as new when its
 * history grows, and its next execution opens the gate again as it stood (prompt, since, timeout),
 * so the decision, or the timeout, still lands.
 */
class GatesAcrossContinueAsNewTest extends EngineTestBase {

  /** Enough sequential steps to pass the service's suggestion of 4,096 events. */
  private static final int STEPS = 700;

  private static final String LAST = "s" + (STEPS - 1);

  /** A gate beside a long chain; {@code after} needs both. */
  private static String pipeline(String gate) {
    StringBuilder yaml =
        new StringBuilder("name: gated-chain\nmode: dataflow\nsteps:\n")
            .append(gate)
            .append("  - {id: s0, prompt: start}\n");
    for (int i = 1; i < STEPS; i++) {
      yaml.append("  - {id: s")
          .append(i)
          .append(", prompt: \"{{ steps.s")
          .append(i - 1)
          .append(".output }}+\"}\n");
    }
    yaml.append("  - id: after\n    prompt: \"{{ steps.ship.output }}\"\n")
        .append("    depends_on: [ship, ")
        .append(LAST)
        .append("]\n");
    return yaml.toString();
  }

  private static final String APPROVAL =
      """
        - id: ship
          approval:
            prompt: "Ship it?"
            TIMEOUT
      """;

  private GateRecord gateOf(String id, String step) {
    StepRecord record = step(handle(id).progress(null), step);
    return record.waiting() == null ? null : record.waiting().get(0);
  }

  /** The chain has finished, in more than one execution, while the gate waited. */
  private void chainDoneAcrossExecutions(String id) {
    eventually(
        "the chain finishes",
        () -> step(handle(id).progress(null), LAST).status() == StepStatus.SUCCEEDED);
    assertThat(executions(id)).as("executions of the run").isGreaterThanOrEqualTo(2);
  }

  @Test
  void aWaitingApprovalDoesNotHoldBackContinueAsNewAndIsDecidedInTheNextExecution() {
    String id = start(pipeline(APPROVAL.replace("TIMEOUT", "timeout: 72h")));
    eventually("ship waits", () -> gateOf(id, "ship") != null);
    GateRecord before = gateOf(id, "ship");

    chainDoneAcrossExecutions(id);
    GateRecord after = gateOf(id, "ship");
    assertThat(after).as("the gate still waits in the new execution").isNotNull();
    assertThat(after.prompt()).isEqualTo("Ship it?");
    assertThat(after.since()).isEqualTo(before.since());
    assertThat(after.until()).isEqualTo(before.until());
    assertThat(agents.callsOf("after")).isZero();
    StepRecord now = handle(id).decide(Decision.approve("ship", "alice", "go"));
    assertThat(now.status()).isEqualTo(StepStatus.SUCCEEDED);
    Finished done = await(id);
    assertThat(done.result().status()).as("" + done.failure()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(yaml(done.step("ship").output()).path("by").asText()).isEqualTo("alice");
    assertThat(agents.callsOf("after")).isEqualTo(1);
    for (int i = 0; i < STEPS; i++) {
      assertThat(agents.callsOf("s" + i)).as("calls of s" + i).isEqualTo(1);
    }
  }

  @Test
  void aCarriedGateKeepsItsDeadlineItsNextExecutionWaitsOnlyForWhatIsLeft() {
    String id =
        start(pipeline(APPROVAL.replace("TIMEOUT", "timeout: 1h\n      on_timeout: approve")));
    eventually("ship waits", () -> gateOf(id, "ship") != null);
    Instant until = Instant.parse(gateOf(id, "ship").until());
    chainDoneAcrossExecutions(id);
    assertThat(gateOf(id, "ship").until()).isEqualTo(until.toString());

    // The latest execution's timer ends at the gate's deadline, not an hour after it began.
    List<HistoryEvent> latest = client.fetchHistory(id).getEvents();
    Instant began = startOf(latest.get(0));
    Duration timer =
        latest.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
            .map(e -> e.getTimerStartedEventAttributes().getStartToFireTimeout())
            .map(d -> Duration.ofSeconds(d.getSeconds(), d.getNanos()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no timer in the latest execution"));
    assertThat(timer).isLessThan(Duration.ofHours(1));
    assertThat(Duration.between(began.plus(timer), until).abs())
        .as("where the carried timer ends, against the gate's deadline")
        .isLessThan(Duration.ofSeconds(2));

    handle(id).decide(Decision.approve("ship", null, null));
    assertThat(await(id).result().status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  private static Instant startOf(HistoryEvent event) {
    return Instant.ofEpochSecond(
        event.getEventTime().getSeconds(), event.getEventTime().getNanos());
  }

  @Test
  void aPausedFanOutTaskCarriedIntoTheNextExecutionIsRetriedThere() {
    agents.broken.add("each#1");
    String paused =
        """
          - id: each
            for_each: "[1, 2, 3]"
            prompt: "n{{ item }}"
            on_error: pause
            retry: {max_attempts: 1}
          - {id: ship, prompt: "{{ steps.each.output }}"}
        """;
    String id = start(pipeline(paused));
    eventually("each#1 waits", () -> gateOf(id, "each") != null);
    chainDoneAcrossExecutions(id);
    GateRecord gate = gateOf(id, "each");
    assertThat(gate.task()).isEqualTo(1);
    assertThat(gate.kind()).isEqualTo(GateRecord.PAUSE);
    assertThat(gate.prompt()).startsWith("task 1 failed after 1 attempt");

    agents.broken.remove("each#1");
    handle(id).decide(new Decision("each", 1, Decision.RETRY, null, null, "n2 again", null));
    Finished done = await(id);
    assertThat(done.result().status()).as("" + done.failure()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.prompts("each#1")).containsExactly("n2", "n2 again");
    assertThat(agents.callsOf("each#0")).isEqualTo(1);
    assertThat(agents.callsOf("each#2")).isEqualTo(1);
  }

  /**
   * A decision that arrived as the previous execution ended travels with its gate: the execution
   * that opens the gate again takes it at once. (Started here with the state that execution would
   * have handed on; the moment itself cannot be timed from a test.)
   */
  @Test
  void aDecisionCarriedWithItsGateIsTakenAtOnceByTheNextExecution() {
    String pipeline =
        """
        name: carried-decision
        steps:
          - id: ship
            approval: {prompt: "Ship it?", timeout: 1h}
          - {id: after, prompt: "{{ steps.ship.output.by }}"}
        """;
    String since = java.time.Instant.now().toString();
    CarriedRun.Step ship =
        new CarriedRun.Step(
            "ship",
            StepStatus.RUNNING,
            0,
            since,
            null,
            null,
            null,
            null,
            true,
            false,
            false,
            null,
            null,
            null,
            null,
            null,
            null);
    CarriedRun.Gate gate =
        new CarriedRun.Gate(
            "ship",
            null,
            GateRecord.APPROVAL,
            "Ship it?",
            since,
            java.time.Instant.now().plus(Duration.ofHours(1)).toString(),
            null,
            0,
            Decision.approve("ship", "carol", "as it ended"),
            since);
    CarriedRun carried =
        new CarriedRun(since, 0, 0, List.of(), List.of(ship), null, 2, null, List.of(gate));
    AgentPipeline stub =
        client.newWorkflowStub(
            AgentPipeline.class,
            io.temporal.client.WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE)
                .setWorkflowId("carried-decision")
                .build());
    io.temporal.client.WorkflowClient.start(
        stub::run, new PipelineInput(yaml(pipeline), java.util.Map.of(), null, carried));

    Finished done = await("carried-decision");
    assertThat(done.result().status()).as("" + done.failure()).isEqualTo(RunStatus.SUCCEEDED);
    var output = yaml(done.step("ship").output());
    assertThat(output.path("decision").asText()).isEqualTo("approved");
    assertThat(output.path("comment").asText()).isEqualTo("as it ended");
    assertThat(agents.prompts("after")).containsExactly("carol");
  }
}
