package dev.skein.bench;

import dev.skein.bench.baseline.GatherWorkflow;
import dev.skein.bench.baseline.GatherWorkflowImpl;
import dev.skein.engine.AgentPipeline;
import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Scenario 3: sleep steps of different lengths in one level. Polls Skein's {@code progress} query
 * and records when each step first shows {@code succeeded}, against a gather-style workflow that
 * records its results only after {@code Promise.allOf}.
 */
final class CompletionVisibility implements Scenario {

  static final Duration POLL_INTERVAL = Duration.ofMillis(20);

  /** A target of the issue: the fast step is visible within its duration plus this much. */
  static final double SLACK_MS = 150;

  @Override
  public String id() {
    return "visibility";
  }

  @Override
  public String title(BenchConfig config) {
    return "completion visibility: sleeps of "
        + config.visibilityDurationsMs()
        + " ms in one level";
  }

  @Override
  public void run(BenchEnvironment env, BenchConfig config, ScenarioResult result)
      throws Exception {
    List<Long> durations = config.visibilityDurationsMs();
    if (config.warmUp()) {
      // Short sleeps: the paths the JIT should have seen before the clock matters.
      List<Long> brief = List.of(10L, 20L, 30L);
      skein(env, brief);
      gather(env, brief);
    }
    for (int rep = 0; rep < config.reps(); rep++) {
      boolean skeinFirst = rep % 2 == 0;
      if (skeinFirst) {
        record(result, "skein", durations, skein(env, durations));
      }
      record(result, "gather", durations, gather(env, durations));
      if (!skeinFirst) {
        record(result, "skein", durations, skein(env, durations));
      }
    }
    for (int i = 0; i < durations.size(); i++) {
      String step = GatherWorkflowImpl.stepId(i) + "_" + durations.get(i) + "ms";
      result.metric("skein_visible_" + step, result.median(series("skein", durations, i)), "ms");
      result.metric("gather_visible_" + step, result.median(series("gather", durations, i)), "ms");
    }
    long fast = durations.get(0);
    result.atMost(
        "fast_step_visibility",
        "Skein shows the " + fast + " ms step within " + fast + " + " + (long) SLACK_MS + " ms",
        result.median(series("skein", durations, 0)),
        fast + SLACK_MS);
  }

  private static void record(
      ScenarioResult result, String who, List<Long> durations, Map<String, Double> seen) {
    for (int i = 0; i < durations.size(); i++) {
      result.sample(series(who, durations, i), seen.get(GatherWorkflowImpl.stepId(i)));
    }
  }

  private static String series(String who, List<Long> durations, int index) {
    return who + "_visible_ms_" + durations.get(index);
  }

  private static Map<String, Double> skein(BenchEnvironment env, List<Long> durations) {
    long start = System.nanoTime();
    AgentPipeline run = env.startPipeline("bench-visibility", Pipelines.sleeps(durations));
    Map<String, Double> seen = poll(start, durations.size(), () -> succeeded(run.progress(null)));
    BenchEnvironment.await(run);
    return seen;
  }

  private static Collection<String> succeeded(RunResult progress) {
    List<String> ids = new ArrayList<>();
    for (StepRecord step : progress.steps()) {
      if (step.status() == StepStatus.SUCCEEDED) {
        ids.add(step.id());
      } else if (step.status().isFinal()) {
        throw new IllegalStateException("step " + step.id() + " ended " + step.status());
      }
    }
    return ids;
  }

  private static Map<String, Double> gather(BenchEnvironment env, List<Long> durations) {
    long start = System.nanoTime();
    GatherWorkflow run =
        env.client().newWorkflowStub(GatherWorkflow.class, env.options("bench-gather"));
    WorkflowClient.start(run::run, durations);
    Map<String, Double> seen = poll(start, durations.size(), run::finished);
    BenchEnvironment.awaitResult(run, List.class);
    return seen;
  }

  /**
   * Queries every {@link #POLL_INTERVAL} until {@code expected} steps have been seen finished;
   * returns, per step, the milliseconds from the start request to the first answer showing it.
   */
  private static Map<String, Double> poll(
      long startNanos, int expected, Supplier<Collection<String>> finished) {
    Map<String, Double> seen = new HashMap<>();
    long deadline = startNanos + BenchEnvironment.RUN_TIMEOUT.toNanos();
    long next = startNanos;
    while (seen.size() < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("steps not visible within " + BenchEnvironment.RUN_TIMEOUT);
      }
      Collection<String> ids = queryOrEmpty(finished);
      double at = Stats.millisSince(startNanos);
      ids.forEach(id -> seen.putIfAbsent(id, at));
      next += POLL_INTERVAL.toNanos();
      sleepUntil(next);
    }
    return seen;
  }

  /** The first workflow task may not have run yet: a query then fails, and is simply retried. */
  private static Collection<String> queryOrEmpty(Supplier<Collection<String>> finished) {
    try {
      return finished.get();
    } catch (WorkflowException e) {
      return List.of();
    }
  }

  private static void sleepUntil(long nanos) {
    long wait = nanos - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
