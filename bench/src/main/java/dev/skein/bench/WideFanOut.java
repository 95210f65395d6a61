package dev.skein.bench;

import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;

/**
 * Scenario 7: a fan-out of 10,000 no-op tasks, which the engine shards into child workflows of 500
 * tasks, against a fan-out of 1,000 run in the workflow itself, same cap, alternating: what the
 * sharding costs per task.
 */
final class WideFanOut implements Scenario {

  @Override
  public String id() {
    return "fanout-10k";
  }

  @Override
  public String title(BenchConfig config) {
    return "fan-out of "
        + config.shardedTasks()
        + " no-op tasks (child workflows) against "
        + config.fanOutTasks()
        + " in one workflow, cap "
        + config.fanOutCap();
  }

  @Override
  public void run(BenchEnvironment env, BenchConfig config, ScenarioResult result)
      throws Exception {
    int sharded = config.shardedTasks();
    int single = config.fanOutTasks();
    int cap = config.fanOutCap();
    if (config.warmUp()) {
      ScenarioResult ignored = new ScenarioResult("warm-up", "");
      MeasuredRun.run(env, ignored, "single", Pipelines.fanOut(single, cap));
      MeasuredRun.run(env, ignored, "sharded", Pipelines.fanOut(2000, cap));
      MeasuredRun.run(env, ignored, "single", Pipelines.fanOut(single, cap));
    }
    for (int rep = 0; rep < config.reps(); rep++) {
      boolean shardedFirst = rep % 2 == 0;
      if (shardedFirst) {
        check(MeasuredRun.run(env, result, "sharded", Pipelines.fanOut(sharded, cap)), sharded);
      }
      check(MeasuredRun.run(env, result, "single", Pipelines.fanOut(single, cap)), single);
      if (!shardedFirst) {
        check(MeasuredRun.run(env, result, "sharded", Pipelines.fanOut(sharded, cap)), sharded);
      }
    }
    MeasuredRun.report(result, "sharded", sharded, "task");
    MeasuredRun.report(result, "single", single, "task");
    double ratio = (sharded / result.median("sharded_ms")) / (single / result.median("single_ms"));
    result.metric("sharded_over_single", ratio, "x");
    result.atLeast(
        "sharded_fan_out_throughput",
        "fan-out of " + sharded + " >= 60% of the tasks/s of " + single,
        ratio,
        0.6);
  }

  private static void check(RunResult run, int tasks) {
    StepRecord fan = LargeOutputs.step(run, Pipelines.FAN_OUT_STEP);
    if (fan.tasks().size() != tasks || fan.taskCounts().succeeded() != tasks) {
      throw new IllegalStateException(
          "fan-out of " + tasks + " came back with " + fan.tasks().size() + " tasks");
    }
  }
}
