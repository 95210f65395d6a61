package dev.skein.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.parse.PipelineDocument;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.testkit.Tier;
import dev.skein.worker.WorkerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 200 concurrent runs of a 10-step chain of {@code echo} agents against one service and one worker:
 * every run succeeds with every step, none is lost. Prints the per-step overhead (p50/p99 of
 * completed_at - launched_at, and run duration / steps); asserts nothing about speed.
 */
class LoadTest {

  private static final String QUEUE = "reliability-load";
  private static final int RUNS = 200;
  private static final int STEPS = 10;
  private static final Duration DEADLINE = Duration.ofMinutes(4);

  @ParameterizedTest(name = "{0}")
  @EnumSource(Tier.class)
  void twoHundredConcurrentRunsAllSucceedWithEveryStep(Tier tier) throws Exception {
    WorkerSettings settings =
        new WorkerSettings(List.of(QUEUE), 64, 32, Duration.ofSeconds(1), Map.of());
    try (InProcessTemporal temporal = InProcessTemporal.start(tier, settings)) {
      SkeinClient skein = temporal.skeinClient();
      PipelineDocument document = PipelineDocument.parse(pipeline(), "load.yaml");

      long t0 = System.nanoTime();
      List<RunHandle> runs = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        runs.add(
            skein.start(
                document,
                Map.of(),
                StartOptions.defaults().withWorkflowId("load-" + i).withTaskQueue(QUEUE)));
      }
      List<CompletableFuture<RunResult>> futures =
          runs.stream().map(RunHandle::resultAsync).toList();
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

      List<RunResult> results = futures.stream().map(CompletableFuture::join).toList();
      assertThat(results).extracting(RunResult::workflowId).doesNotHaveDuplicates().hasSize(RUNS);
      List<String> expectedSteps = stepIds();
      for (RunResult result : results) {
        assertThat(result.status())
            .as("%s: %s", result.workflowId(), Runs.statuses(result))
            .isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.steps()).extracting(StepRecord::id).isEqualTo(expectedSteps);
        assertThat(result.steps())
            .allSatisfy(s -> assertThat(s.status()).isEqualTo(StepStatus.SUCCEEDED))
            .allSatisfy(s -> assertThat(s.output()).isEqualTo("echo " + s.id()));
      }
      report(tier, results, wallMs);
    }
  }

  private static void report(Tier tier, List<RunResult> results, long wallMs) {
    List<Double> stepMs =
        results.stream()
            .flatMap(r -> r.steps().stream())
            .map(s -> (double) Runs.stepDuration(s).toMillis())
            .sorted()
            .toList();
    List<Double> perStepOfRunMs =
        results.stream()
            .map(r -> Runs.runDuration(r).toMillis() / (double) STEPS)
            .sorted()
            .collect(Collectors.toList());
    System.out.printf(
        "[reliability] load on the %s: %d runs x %d echo steps in %d ms wall (%.0f steps/s)%n"
            + "[reliability] load: step completed_at - launched_at  p50 %.0f ms  p99 %.0f ms%n"
            + "[reliability] load: run duration / steps             p50 %.1f ms  p99 %.1f ms%n",
        tier,
        results.size(),
        STEPS,
        wallMs,
        results.size() * STEPS * 1000.0 / wallMs,
        Runs.quantile(stepMs, 0.50),
        Runs.quantile(stepMs, 0.99),
        Runs.quantile(perStepOfRunMs, 0.50),
        Runs.quantile(perStepOfRunMs, 0.99));
  }

  private static List<String> stepIds() {
    return IntStream.rangeClosed(1, STEPS).mapToObj(i -> String.format("s%02d", i)).toList();
  }

  /** A chain: each step depends on the one before, so run duration / steps is per-step cost. */
  private static String pipeline() {
    StringBuilder steps = new StringBuilder();
    String previous = null;
    for (String id : stepIds()) {
      steps.append("  - id: ").append(id).append('\n');
      steps.append("    prompt: echo ").append(id).append('\n');
      if (previous != null) {
        steps.append("    depends_on: [").append(previous).append("]\n");
      }
      previous = id;
    }
    return """
        name: load
        defaults:
          agent: echo
          task_queue: %s
        steps:
        %s"""
        .formatted(QUEUE, steps);
  }
}
