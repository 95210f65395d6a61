package dev.skein.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.client.RunHandle;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.testkit.TemporalServer;
import dev.skein.testkit.Tier;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability on the real Temporal server, with real {@code skein worker} JVMs and {@code command}
 * agents that count their own runs in a marker file: the server killed with SIGKILL while agents
 * run and restarted on its SQLite file, and every worker killed at once. Each test has a server of
 * its own, so a kill hurts no other test and the server's log tells this test's story alone.
 */
class RealServerDurabilityTest {

  private static final String QUEUE = "reliability-durability";
  private static final List<String> BRANCHES = List.of("a", "b", "c");
  private static final int LEVELS = 4;
  private static final int STEP_SECONDS = 3;

  /**
   * Longer than an agent's run: the agents in flight at a kill finish while there is no server, and
   * their results must wait for it.
   */
  private static final Duration SERVER_DOWN = Duration.ofSeconds(4);

  /** The level whose steps heartbeat with a timeout longer than the server's absence. */
  private static final int PATIENT_LEVEL = 2;

  private static final Duration PATIENT_HEARTBEAT = Duration.ofSeconds(30);

  @TempDir Path dir;

  /**
   * The server dies twice mid-level and comes back on the same database file and ports, each time
   * after the agents in flight have finished. The run completes with every output, and no step that
   * had finished before a kill runs again. At the first kill (level 1, the pipeline's 3 s heartbeat
   * timeout) the server, back up, finds the agents' heartbeats overdue: each runs at most once
   * more, and its recorded attempts say how often it ran. At the second (level 2, a 30 s heartbeat
   * timeout) nothing is overdue: the workers deliver the results they held through the outage, and
   * no agent runs twice.
   */
  @Test
  void aRunCompletesWhenTheServerIsKilledMidLevelAndRestartedOnItsDatabase() {
    MarkerFile marker = new MarkerFile(dir.resolve("server-crash-marker.log"));
    String runId = "server-crash";
    try (TemporalServer server = TemporalServer.builder().name("server-crash").start();
        Client client = new Client(server.address());
        ChildJvm worker = worker(server, "server-crash-worker")) {
      RunHandle run = Runs.start(client.workflows, pipeline(marker, runId), runId, QUEUE);
      Set<String> finishedBeforeAKill = new LinkedHashSet<>();
      Set<String> inFlightAtAKill = new LinkedHashSet<>();
      List<String> story = new ArrayList<>();

      for (int level = 1; level <= 2; level++) {
        List<String> ids = levelIds(level);
        awaitInFlight(marker, level, ids);
        for (int before = 0; before < level; before++) {
          List<String> done = levelIds(before);
          assertThat(marker.allEnded(done, 1)).as("level %d ended\n%s", before, marker).isTrue();
          finishedBeforeAKill.addAll(done);
        }
        inFlightAtAKill.addAll(ids);

        long deadPid = server.pid();
        server.kill();
        sleep(SERVER_DOWN);
        Duration restart = server.restart();
        assertThat(server.pid()).isNotEqualTo(deadPid);
        List<String> next = levelIds(level + 1);
        Duration movedOn =
            Poll.until(
                "level " + (level + 1) + " to start after the server came back",
                Duration.ofSeconds(90),
                () -> marker.allStarted(next, 1),
                marker::toString);
        story.add(
            String.format(
                "kill %d (level %d in flight): down %d ms, answering again in %d ms, level %d"
                    + " started %d ms after that",
                level,
                level,
                SERVER_DOWN.toMillis(),
                restart.toMillis(),
                level + 1,
                movedOn.toMillis()));
      }
      assertThat(worker.isAlive()).as("the worker outlived the server's deaths").isTrue();

      RunResult result = Runs.result(run, Duration.ofSeconds(120));
      WorkflowTasks tasks = WorkflowTasks.of(client.workflows.fetchHistory(runId));
      story.forEach(line -> System.out.println("[reliability] server-crash " + line));
      System.out.println("[reliability] server-crash " + tasks);
      System.out.println("[reliability] server-crash " + Runs.statuses(result));

      assertEveryStepSucceededWithItsOutput(result);
      for (StepRecord step : result.steps()) {
        String id = step.id();
        long starts = marker.starts(id);
        if (levelIds(PATIENT_LEVEL).contains(id)) {
          assertThat(starts)
              .as("starts of %s (result held through the outage)\n%s", id, marker)
              .isEqualTo(1);
          assertThat(marker.ends(id)).as("ends of %s\n%s", id, marker).isEqualTo(1);
          assertThat(step.attempts()).as("attempts of %s", id).isEqualTo(1);
        } else if (inFlightAtAKill.contains(id)) {
          assertThat(starts)
              .as("starts of %s (in flight at a kill)\n%s", id, marker)
              .isBetween(1L, 2L);
          assertThat(marker.ends(id)).as("ends of %s\n%s", id, marker).isBetween(1L, starts);
          assertThat((long) step.attempts()).as("attempts of %s", id).isEqualTo(starts);
        } else {
          // finished before a kill, or started after the last one: ran exactly once
          assertThat(starts).as("starts of %s\n%s", id, marker).isEqualTo(1);
          assertThat(marker.ends(id)).as("ends of %s\n%s", id, marker).isEqualTo(1);
          assertThat(step.attempts()).as("attempts of %s", id).isEqualTo(1);
        }
      }
      assertThat(finishedBeforeAKill).containsAll(levelIds(0));
      assertThat(tasks.onSticky())
          .as("sticky execution on the real server: %s", tasks)
          .isPositive();
      assertThat(server.logText()).contains("==== start 3:");
    }
  }

  /**
   * Both workers die with SIGKILL while level 1 runs, with the run cached on them; two new workers
   * take over. Before the kill the run's workflow tasks went to a sticky queue that one of the
   * workers polled (the server says so); after it, the dead worker's sticky queue times out and the
   * new workers replay the run from its history, then keep it on a sticky queue of their own.
   */
  @Test
  void aRunCompletesWhenEveryWorkerIsKilledAndNewOnesStart() {
    MarkerFile marker = new MarkerFile(dir.resolve("all-workers-marker.log"));
    String runId = "all-workers-crash";
    List<ChildJvm> workers = new ArrayList<>();
    try (TemporalServer server = TemporalServer.builder().name("all-workers-crash").start();
        Client client = new Client(server.address())) {
      workers.add(worker(server, "all-workers-1"));
      workers.add(worker(server, "all-workers-2"));
      RunHandle run = Runs.start(client.workflows, pipeline(marker, runId), runId, QUEUE);

      List<String> inFlight = levelIds(1);
      awaitInFlight(marker, 1, inFlight);
      WorkflowTasks beforeKill = WorkflowTasks.of(client.workflows.fetchHistory(runId));
      assertThat(beforeKill.onSticky()).as("sticky before the kill: %s", beforeKill).isPositive();
      String sticky =
          List.copyOf(beforeKill.stickyQueues()).get(beforeKill.stickyQueues().size() - 1);
      Set<String> stickyPollers = pollers(client, sticky);
      assertThat(stickyPollers)
          .as("pollers of the run's sticky queue %s", sticky)
          .hasSize(1)
          .allMatch(identity -> workers.stream().anyMatch(w -> identity.startsWith(w.pid() + "@")));

      long killedAt = System.nanoTime();
      workers.forEach(ChildJvm::kill);
      Set<Long> deadPids = workers.stream().map(ChildJvm::pid).collect(Collectors.toSet());
      workers.add(worker(server, "all-workers-3"));
      workers.add(worker(server, "all-workers-4"));
      Duration retried =
          Poll.until(
              "the agents in flight at the kill to be retried",
              Duration.ofSeconds(90),
              () -> marker.allStarted(inFlight, 2),
              marker::toString);
      RunResult result = Runs.result(run, Duration.ofSeconds(120));
      long endedMs = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
      WorkflowTasks tasks = WorkflowTasks.of(client.workflows.fetchHistory(runId));
      System.out.printf(
          "[reliability] all-workers-crash: retries started %d ms after the kill, run ended %d ms"
              + " after it%n[reliability] all-workers-crash %s%n",
          retried.toMillis(), endedMs, tasks);

      assertEveryStepSucceededWithItsOutput(result);
      for (StepRecord step : result.steps()) {
        String id = step.id();
        boolean killed = inFlight.contains(id);
        if (killed) {
          // In flight at the kill: retried at least once more; on a loaded machine a retry's
          // heartbeat can itself be late and cost one more attempt. Each start is an attempt.
          assertThat(marker.starts(id))
              .as("starts of %s\n%s", id, marker)
              .isGreaterThanOrEqualTo(2);
          assertThat(step.attempts()).as("attempts of %s", id).isEqualTo(marker.starts(id));
        } else {
          // Finished before the kill: never runs again.
          assertThat(marker.starts(id)).as("starts of %s\n%s", id, marker).isEqualTo(1);
          assertThat(step.attempts()).as("attempts of %s", id).isEqualTo(1);
        }
      }
      assertThat(tasks.workers())
          .as("workflow tasks were started by a dead worker and by a new one: %s", tasks)
          .anyMatch(identity -> deadPids.stream().anyMatch(p -> identity.startsWith(p + "@")))
          .anyMatch(identity -> deadPids.stream().noneMatch(p -> identity.startsWith(p + "@")));
      assertThat(tasks.stickyQueues())
          .as("a new worker's sticky queue after the dead one's: %s", tasks)
          .hasSizeGreaterThan(1);
    } finally {
      workers.forEach(ChildJvm::close);
    }
  }

  /** The identities polling {@code stickyQueue} for workflow tasks, as the server lists them. */
  private static Set<String> pollers(Client client, String stickyQueue) {
    return client
        .stubs
        .blockingStub()
        .describeTaskQueue(
            DescribeTaskQueueRequest.newBuilder()
                .setNamespace("default")
                .setTaskQueue(
                    TaskQueue.newBuilder()
                        .setName(stickyQueue)
                        .setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY)
                        .setNormalName(QUEUE))
                .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                .build())
        .getPollersList()
        .stream()
        .map(PollerInfo::getIdentity)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static void assertEveryStepSucceededWithItsOutput(RunResult result) {
    assertThat(result.status()).as(Runs.statuses(result)).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.steps()).extracting(StepRecord::id).containsExactlyElementsOf(allIds());
    for (StepRecord step : result.steps()) {
      assertThat(step.status()).as(step.id()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(step.output()).as(step.id()).isEqualToIgnoringWhitespace("done " + step.id());
    }
  }

  private static void awaitInFlight(MarkerFile marker, int level, List<String> ids) {
    Poll.until(
        "level " + level + " to be in flight",
        Duration.ofSeconds(90),
        () -> marker.allStarted(ids, 1) && marker.noneEnded(ids),
        marker::toString);
  }

  private static ChildJvm worker(TemporalServer server, String name) {
    return TierService.startWorker(Tier.REAL_SERVER, server.address(), name, QUEUE, Map.of());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<String> levelIds(int level) {
    return BRANCHES.stream().map(b -> "l" + level + "-" + b).toList();
  }

  private static List<String> allIds() {
    List<String> ids = new ArrayList<>();
    for (int level = 0; level < LEVELS; level++) {
      ids.addAll(levelIds(level));
    }
    return ids;
  }

  /**
   * Four levels of three marker agents, each level after the whole previous one; level {@link
   * #PATIENT_LEVEL} with a heartbeat timeout longer than the server's absence.
   */
  private static String pipeline(MarkerFile marker, String name) {
    StringBuilder steps = new StringBuilder();
    for (int level = 0; level < LEVELS; level++) {
      for (String id : levelIds(level)) {
        steps.append("  - id: ").append(id).append('\n');
        steps.append("    prompt: ").append(id).append('\n');
        if (level > 0) {
          steps.append("    depends_on: ").append(levelIds(level - 1)).append('\n');
        }
        if (level == PATIENT_LEVEL) {
          steps
              .append("    heartbeat_timeout: ")
              .append(PATIENT_HEARTBEAT.toSeconds())
              .append("s\n");
        }
      }
    }
    return marker.pipelineHead(name, BRANCHES.size(), QUEUE, STEP_SECONDS) + steps;
  }

  /** A client of one server, for a test that owns that server. */
  private static final class Client implements AutoCloseable {
    final WorkflowServiceStubs stubs;
    final WorkflowClient workflows;

    Client(String address) {
      stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
      workflows = WorkflowClient.newInstance(stubs);
    }

    @Override
    public void close() {
      stubs.shutdownNow();
    }
  }
}
