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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SIGTERM to a worker under load, as in a rolling restart: the worker stops polling, lets running
 * agents finish within its grace period (or stops their processes when the grace runs out, handing
 * them back), exits 0, and a new worker carries every run to the end. No step is lost.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class WorkerShutdownTest {

  private static TierService service;

  @Parameter Tier tier;

  @BeforeParameterizedClassInvocation
  static void service(Tier tier) {
    service = TierService.of(tier);
  }

  private static final String QUEUE = "reliability-shutdown";
  private static final int RUNS = 3;
  private static final List<String> FIRST_LEVEL = List.of("l0-a", "l0-b");
  private static final List<String> ALL_STEPS = List.of("l0-a", "l0-b", "l1-a");

  /** How long a stopped worker may take beyond its grace (forced stop, JVM exit). */
  private static final Duration EXIT_MARGIN = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void runningAgentsFinishWithinTheGraceAndANewWorkerCarriesOn() {
    Duration grace = Duration.ofSeconds(20);
    MarkerFile marker = new MarkerFile(dir.resolve("marker.log"));
    try (ChildJvm first = worker("shutdown-graceful-1", grace)) {
      List<RunHandle> runs = startRuns("graceful", marker, 3);
      List<String> firstAttempts = firstLevelKeys(runs);
      awaitStarted(marker, firstAttempts);

      first.terminate();
      try (ChildJvm second = worker("shutdown-graceful-2", grace)) {
        Optional<Integer> exit = first.awaitExit(grace.plus(EXIT_MARGIN));
        assertThat(exit).as("exit code of the SIGTERMed worker\n%s", first.logText()).contains(0);
        // It only exits once its running agents are done: they finished, none was stopped.
        assertThat(marker.allEnded(firstAttempts, 1)).as(marker.toString()).isTrue();

        for (RunHandle run : runs) {
          RunResult result = Runs.result(run, Duration.ofSeconds(60));
          assertAllSucceeded(result);
          for (StepRecord step : result.steps()) {
            String key = run.workflowId() + "/" + step.id();
            assertThat(marker.starts(key)).as("starts of %s\n%s", key, marker).isEqualTo(1);
            assertThat(marker.ends(key)).as("ends of %s\n%s", key, marker).isEqualTo(1);
            assertThat(step.attempts()).as("attempts of %s", key).isEqualTo(1);
          }
        }
      }
    }
  }

  @Test
  void agentsStillRunningAfterTheGraceAreStoppedAndHandedBack() {
    Duration grace = Duration.ofSeconds(1);
    MarkerFile marker = new MarkerFile(dir.resolve("marker.log"));
    try (ChildJvm first = worker("shutdown-short-grace-1", grace)) {
      List<RunHandle> runs = startRuns("handback", marker, 6);
      List<String> firstAttempts = firstLevelKeys(runs);
      awaitStarted(marker, firstAttempts);

      long terminatedAt = System.nanoTime();
      first.terminate();
      Optional<Integer> exit = first.awaitExit(grace.plus(EXIT_MARGIN));
      System.out.printf(
          "[reliability] worker with %d s grace exited %d ms after SIGTERM%n",
          grace.toSeconds(), Duration.ofNanos(System.nanoTime() - terminatedAt).toMillis());
      assertThat(exit).as("exit code of the SIGTERMed worker\n%s", first.logText()).contains(0);
      // Their processes were stopped: no orphan finishes the attempt behind the worker's back.
      assertThat(marker.noneEnded(firstAttempts)).as(marker.toString()).isTrue();

      try (ChildJvm second = worker("shutdown-short-grace-2", grace)) {
        for (RunHandle run : runs) {
          RunResult result = Runs.result(run, Duration.ofSeconds(60));
          assertAllSucceeded(result);
          for (StepRecord step : result.steps()) {
            String key = run.workflowId() + "/" + step.id();
            boolean handedBack = FIRST_LEVEL.contains(step.id());
            assertThat(marker.starts(key))
                .as("starts of %s\n%s", key, marker)
                .isEqualTo(handedBack ? 2 : 1);
            assertThat(marker.ends(key)).as("ends of %s\n%s", key, marker).isEqualTo(1);
            assertThat(step.attempts()).as("attempts of %s", key).isEqualTo(handedBack ? 2 : 1);
          }
        }
      }
    }
  }

  private static ChildJvm worker(String name, Duration grace) {
    return service.startWorker(name, QUEUE, Map.of(), "--shutdown-grace", grace.toSeconds() + "s");
  }

  private static List<RunHandle> startRuns(String prefix, MarkerFile marker, int stepSeconds) {
    List<RunHandle> runs = new ArrayList<>();
    for (int i = 1; i <= RUNS; i++) {
      runs.add(
          Runs.start(service.client(), pipeline(marker, stepSeconds), prefix + "-" + i, QUEUE));
    }
    return runs;
  }

  /** {@code workflow-id/step} of every first-level step: what the agents write to the marker. */
  private static List<String> firstLevelKeys(List<RunHandle> runs) {
    List<String> keys = new ArrayList<>();
    for (RunHandle run : runs) {
      FIRST_LEVEL.forEach(step -> keys.add(run.workflowId() + "/" + step));
    }
    return keys;
  }

  private static void awaitStarted(MarkerFile marker, List<String> keys) {
    Poll.until(
        "every first-level agent to start",
        Duration.ofSeconds(90),
        () -> marker.allStarted(keys, 1),
        marker::toString);
  }

  private static void assertAllSucceeded(RunResult result) {
    assertThat(result.status()).as(Runs.statuses(result)).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.steps()).extracting(StepRecord::id).containsExactlyElementsOf(ALL_STEPS);
    assertThat(result.steps())
        .as(Runs.statuses(result))
        .allSatisfy(s -> assertThat(s.status()).isEqualTo(StepStatus.SUCCEEDED));
  }

  /** Two agents, then one after them; each marks its start and end with its run and step. */
  private static String pipeline(MarkerFile marker, int stepSeconds) {
    return marker.pipelineHead("worker-shutdown", 2, QUEUE, stepSeconds)
        + """
          - id: l0-a
            prompt: "{{ run.id }}/l0-a"
          - id: l0-b
            prompt: "{{ run.id }}/l0-b"
          - id: l1-a
            prompt: "{{ run.id }}/l1-a"
            depends_on: [l0-a, l0-b]
        """;
  }
}
