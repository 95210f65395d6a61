package dev.skein.agents;

import static dev.skein.agents.Requests.command;
import static dev.skein.agents.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.skein.agents.process.ProcessTree;
import dev.skein.contract.AgentRequest;
import dev.skein.model.AgentConfig;
import dev.skein.testkit.Tier;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cancelling a running command agent through Temporal stops its whole process tree: the cancel
 * reaches the activity through its heartbeat, and the activity reports the cancellation only after
 * the processes are gone (WAIT_CANCELLATION_COMPLETED). On both tiers: the real server delivers the
 * cancel through the same heartbeat reply, with its own timing.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class CommandCancellationTest {

  @Parameter Tier tier;

  private AgentWorkflows env;
  private WorkflowClient client;

  @BeforeEach
  void setUp() {
    env = AgentWorkflows.start(tier, "agents-cancel", ProbeWorkflowImpl.class);
    client = env.client();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void cancellingKillsTheWholeProcessTree() throws Exception {
    String marker = "skein-tree-" + UUID.randomUUID();
    AgentConfig agent =
        command(
            List.of("sh", "-c", "sleep 1000 & sleep 1000 & wait", marker),
            null,
            null,
            null,
            null,
            5_000L,
            null);

    Outcome outcome = runAndCancel(request(agent, ""), marker, 3);

    // Out of the reach of a terminal's Ctrl-C to the worker's group, and still all gone.
    ProcStat worker = ProcStat.self();
    assertThat(outcome.groups)
        .hasSize(3)
        .allSatisfy(g -> assertThat(g.pgrp()).isNotEqualTo(worker.pgrp()))
        .allSatisfy(g -> assertThat(g.session()).isNotEqualTo(worker.session()));

    assertThat(outcome.failure).isInstanceOf(WorkflowFailedException.class);
    assertThat(outcome.failure.getCause()).isInstanceOf(ActivityFailure.class);
    assertThat(outcome.failure.getCause().getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(outcome.tree).allSatisfy(p -> assertThat(p.isAlive()).isFalse());
    System.out.printf(
        "%s: cancel-to-dead latency for a %d-process tree: %d ms%n",
        tier, outcome.tree.size(), outcome.cancelToDeadMs);
  }

  @Test
  void aProcessThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
    String marker = "skein-stubborn-" + UUID.randomUUID();
    long graceMs = 1_000;
    AgentConfig agent =
        command(
            List.of("sh", "-c", "trap '' TERM; sleep 1000 & wait; wait", marker),
            null,
            null,
            null,
            null,
            graceMs,
            null);

    Outcome outcome = runAndCancel(request(agent, ""), marker, 2);

    assertThat(outcome.failure.getCause().getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(outcome.tree).allSatisfy(p -> assertThat(p.isAlive()).isFalse());
    // SIGTERM alone could not have ended them: they lived through the whole grace period
    assertThat(outcome.cancelToDeadMs).isGreaterThanOrEqualTo(graceMs);
    System.out.printf(
        "%s: SIGTERM-ignoring tree killed %d ms after cancel%n", tier, outcome.cancelToDeadMs);
  }

  private record Outcome(
      Throwable failure, List<ProcessHandle> tree, List<ProcStat> groups, long cancelToDeadMs) {}

  /** Starts the agent, waits until its tree of {@code size} processes runs, then cancels it. */
  private Outcome runAndCancel(AgentRequest request, String marker, int size) throws Exception {
    ProbeWorkflow workflow =
        client.newWorkflowStub(
            ProbeWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(env.taskQueue())
                .setWorkflowId("cancel-" + marker)
                .build());
    WorkflowClient.start(workflow::run, request, 1);

    List<ProcessHandle> tree = MarkedProcesses.await(marker, size);
    assertThat(tree).allSatisfy(p -> assertThat(ProcessTree.isRunning(p)).isTrue());
    List<ProcStat> groups = tree.stream().map(p -> ProcStat.of(p.pid())).toList();
    long cancelAt = System.nanoTime();
    workflow.cancelAgent();
    // WAIT_CANCELLATION_COMPLETED: the workflow ends only after the activity finished cleaning up
    Throwable failure =
        catchThrowable(() -> WorkflowStub.fromTyped(workflow).getResult(Object.class));
    long cancelToDeadMs = (System.nanoTime() - cancelAt) / 1_000_000;
    assertThat(tree).allSatisfy(p -> assertThat(ProcessTree.isRunning(p)).isFalse());
    // and once init has reaped them, no process of the tree exists at all
    CompletableFuture.allOf(
            tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
        .get(30, TimeUnit.SECONDS);
    return new Outcome(failure, tree, groups, cancelToDeadMs);
  }
}
