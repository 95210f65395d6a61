package dev.skein.bench;

import dev.skein.bench.baseline.BoundedFanOutWorkflow;
import dev.skein.engine.AgentPipeline;
import io.temporal.client.WorkflowClient;

/**
 * Scenario 2: one level of independent no-op steps under a concurrency cap, against a bare workflow
 * keeping the same number of the same activities in flight.
 */
final class WideLevel implements Scenario {

  @Override
  public String id() {
    return "wide";
  }

  @Override
  public String title(BenchConfig config) {
    return "wide level: " + config.wideSteps() + " no-op steps, cap " + config.wideCap();
  }

  @Override
  public void run(BenchEnvironment env, BenchConfig config, ScenarioResult result)
      throws Exception {
    int steps = config.wideSteps();
    int cap = config.wideCap();
    Alternating contenders =
        new Alternating()
            .add("skein", () -> skein(env, steps, cap))
            .add("baseline", () -> baseline(env, steps, cap))
            .add("skein_fan_out", () -> skeinFanOut(env, steps, cap));
    if (config.warmUp()) {
      contenders.warmUp();
    }
    contenders.repeat(config.reps(), result);
    double skein = steps / (result.median("skein_ms") / 1000);
    double baseline = steps / (result.median("baseline_ms") / 1000);
    result.metric("skein_throughput", skein, "steps/s");
    result.metric("baseline_throughput", baseline, "steps/s");
    double fanOut = steps / (result.median("skein_fan_out_ms") / 1000);
    result.metric("skein_over_baseline", skein / baseline, "x");
    result.metric("skein_fan_out_throughput", fanOut, "tasks/s");
    result.metric("skein_fan_out_over_baseline", fanOut / baseline, "x");
    result.metric("skein_cpu_per_step", result.median("skein_cpu_ms") / steps, "ms/step");
    result.metric("baseline_cpu_per_step", result.median("baseline_cpu_ms") / steps, "ms/step");
    result.metric(
        "skein_fan_out_cpu_per_task", result.median("skein_fan_out_cpu_ms") / steps, "ms/task");
    result.atLeast(
        "wide_level_throughput", "Skein throughput >= 70% of the baseline", skein / baseline, 0.7);
  }

  private static void skein(BenchEnvironment env, int steps, int cap) {
    AgentPipeline run = env.startPipeline("bench-wide", Pipelines.wideLevel(steps, cap));
    BenchEnvironment.await(run);
  }

  /** The same width as one fan-out step of {@code tasks} tasks: one step record, not many. */
  private static void skeinFanOut(BenchEnvironment env, int tasks, int cap) {
    AgentPipeline run = env.startPipeline("bench-wide-fan", Pipelines.fanOut(tasks, cap));
    BenchEnvironment.await(run);
  }

  private static void baseline(BenchEnvironment env, int tasks, int cap) {
    BoundedFanOutWorkflow run =
        env.client().newWorkflowStub(BoundedFanOutWorkflow.class, env.options("bench-wide-base"));
    WorkflowClient.start(run::run, tasks, cap);
    BenchEnvironment.awaitResult(run, Integer.class);
  }
}
