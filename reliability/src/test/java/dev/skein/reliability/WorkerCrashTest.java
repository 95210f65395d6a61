package dev.skein.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.client.RunHandle;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.testkit.Tier;
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
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run survives its worker being killed with SIGKILL three times, mid-level: a fresh worker
 * replays the run, the in-flight agents are retried once their heartbeats time out, and every step
 * ends succeeded exactly once in the result. The marker file, written by the agents themselves,
 * proves that completed steps never ran again and in-flight ones ran at most once more.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class WorkerCrashTest {

  private static TierService service;

  @Parameter Tier tier;

  @BeforeParameterizedClassInvocation
  static void service(Tier tier) {
    service = TierService.of(tier);
  }

  private static final String QUEUE = "reliability-crash";
  private static final String WORKFLOW_QUEUE = "reliability-crash-workflows";
  private static final int LEVELS = 4;
  private static final List<String> BRANCHES = List.of("a", "b", "c");
  private static final int KILLS = 3;

  /** Each agent runs this long: far longer than it takes to notice its level started. */
  private static final int STEP_SECONDS = 3;

  @TempDir Path dir;

  /**
   * The whole worker dies: the workflow is cached on it too, so a new worker must replay the run
   * from its history. Temporal's in-memory server (behind {@code skein dev-server}) never times out
   * a sticky queue, so this holds there only because workers on it do not use sticky queues;
   * otherwise the run waits forever for the dead worker and level 1 never starts. The real server
   * times the dead worker's sticky queue out and hands the run to the shared queue, so workers keep
   * sticky execution there.
   */
  @Test
  void runCompletesWithEveryStepOnceAfterThreeKillsOfItsWorker() {
    crashThreeTimes("crash-whole", QUEUE, null);
  }

  /**
   * Only the workers serving the agents die; the workflow lives on a worker of its own queue.
   * Isolates the activity side: heartbeat timeouts hand the in-flight agents to the next worker.
   */
  @Test
  void runCompletesWithEveryStepOnceAfterThreeKillsOfItsAgentWorker() {
    try (ChildJvm workflowWorker =
        service.startWorker("crash-workflow-worker", WORKFLOW_QUEUE, Map.of())) {
      crashThreeTimes("crash-agents", WORKFLOW_QUEUE, workflowWorker);
    }
  }

  /**
   * Runs the pipeline with its agents on {@link #QUEUE}, the workflow on {@code workflowQueue}, and
   * kills the worker of {@link #QUEUE} mid-level three times.
   */
  private void crashThreeTimes(String runId, String workflowQueue, ChildJvm survivor) {
    MarkerFile marker = new MarkerFile(dir.resolve(runId + "-marker.log"));
    List<ChildJvm> workers = new ArrayList<>();
    Set<String> inFlightAtKills = new LinkedHashSet<>();
    List<String> recoveries = new ArrayList<>();
    try {
      workers.add(service.startWorker(runId + "-worker-1", QUEUE, Map.of()));
      RunHandle run = Runs.start(service.client(), pipeline(marker), runId, workflowQueue);

      for (int level = 0; level < KILLS; level++) {
        List<String> ids = levelIds(level);
        Poll.until(
            "level " + level + " to be in flight",
            Duration.ofSeconds(60),
            () -> marker.allStarted(ids, 1) && marker.noneEnded(ids),
            marker::toString);

        long killedAt = System.nanoTime();
        workers.get(workers.size() - 1).kill();
        Set<String> inFlight =
            ids.stream()
                .filter(id -> marker.starts(id) > marker.ends(id))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(inFlight).as("steps in flight at kill %d", level + 1).isNotEmpty();
        inFlightAtKills.addAll(inFlight);
        workers.add(service.startWorker(runId + "-worker-" + (level + 2), QUEUE, Map.of()));

        Duration retried =
            Poll.until(
                "the in-flight steps of level " + level + " to be retried",
                Duration.ofSeconds(90),
                () -> marker.allStarted(inFlight, 2),
                marker::toString);
        Duration done =
            Poll.until(
                "the retried steps of level " + level + " to finish",
                Duration.ofSeconds(60),
                () -> marker.allEnded(inFlight, 2),
                marker::toString);
        recoveries.add(
            String.format(
                "kill %d on the %s: retries started %d ms after the kill, finished %d ms after it",
                level + 1,
                tier,
                retried.toMillis(),
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis()));
        assertThat(done).isNotNull();
      }

      RunResult result = Runs.result(run, Duration.ofSeconds(120));
      recoveries.forEach(r -> System.out.println("[reliability] " + runId + " " + r));

      WorkflowTasks tasks = WorkflowTasks.of(service.client().fetchHistory(runId));
      System.out.println("[reliability] " + runId + " on the " + tier + ": " + tasks);

      assertThat(result.status()).as(Runs.statuses(result)).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(result.steps()).extracting(StepRecord::id).containsExactlyElementsOf(allIds());
      if (tier == Tier.REAL_SERVER) {
        assertThat(tasks.onSticky())
            .as("sticky execution on the real server: %s", tasks)
            .isPositive();
      } else {
        assertThat(tasks.onSticky()).as("no sticky queue in memory: %s", tasks).isZero();
      }
      if (survivor == null) {
        assertThat(tasks.workers())
            .as("the killed workers and their successors ran the workflow")
            .hasSizeGreaterThan(1);
      }
      for (StepRecord step : result.steps()) {
        String id = step.id();
        long starts = marker.starts(id);
        long ends = marker.ends(id);
        assertThat(step.status()).as(id).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(step.output()).as(id).isEqualToIgnoringWhitespace("done " + id);
        if (inFlightAtKills.contains(id)) {
          // The killed attempt may have finished as an orphan; the retry ran exactly once more.
          assertThat(starts).as("starts of %s (in flight at a kill)\n%s", id, marker).isEqualTo(2);
          assertThat(ends).as("ends of %s (in flight at a kill)\n%s", id, marker).isBetween(1L, 2L);
          assertThat(step.attempts()).as("attempts of %s", id).isEqualTo(2);
        } else {
          assertThat(starts).as("starts of %s\n%s", id, marker).isEqualTo(1);
          assertThat(ends).as("ends of %s\n%s", id, marker).isEqualTo(1);
          assertThat(step.attempts()).as("attempts of %s", id).isEqualTo(1);
        }
      }
    } finally {
      workers.forEach(ChildJvm::close);
      if (survivor != null) {
        assertThat(survivor.isAlive()).as("the workflow worker %s", survivor).isTrue();
      }
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
   * Four levels of three {@code command} agents; each level depends on the whole previous one. A
   * killed worker's agents stop heartbeating, so a 3 s heartbeat timeout hands them back soon.
   */
  private static String pipeline(MarkerFile marker) {
    StringBuilder steps = new StringBuilder();
    for (int level = 0; level < LEVELS; level++) {
      for (String id : levelIds(level)) {
        steps.append("  - id: ").append(id).append('\n');
        steps.append("    prompt: ").append(id).append('\n');
        if (level > 0) {
          steps.append("    depends_on: ").append(levelIds(level - 1)).append('\n');
        }
      }
    }
    return marker.pipelineHead("worker-crash", 3, QUEUE, STEP_SECONDS) + steps;
  }
}
