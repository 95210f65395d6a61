package dev.skein.bench;

import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
import dev.skein.run.TaskRecord;

/**
 * Scenario 6: outputs kept outside history. A fan-out of 40 KB outputs from a real command agent
 * joined by one more step, and one step printing 10 MB; every output is read back through the file
 * store and checked in full (size and content), so the figures are of runs that really carried
 * their data.
 */
final class LargeOutputs implements Scenario {

  @Override
  public String id() {
    return "outputs";
  }

  @Override
  public String title(BenchConfig config) {
    return "outputs: "
        + config.outputItems()
        + " x "
        + config.outputItemBytes() / 1000
        + " KB joined, one step of "
        + config.bigOutputBytes() / 1_000_000.0
        + " MB";
  }

  @Override
  public void run(BenchEnvironment env, BenchConfig config, ScenarioResult result)
      throws Exception {
    int items = config.outputItems();
    int itemBytes = config.outputItemBytes();
    int bigBytes = config.bigOutputBytes();
    int cap = config.outputCap();
    if (config.warmUp()) {
      MeasuredRun.run(
          env, new ScenarioResult("warm-up", ""), "fan", Pipelines.outputs(10, itemBytes, cap));
    }
    for (int rep = 0; rep < config.reps(); rep++) {
      RunResult fan = MeasuredRun.run(env, result, "fan", Pipelines.outputs(items, itemBytes, cap));
      checkFan(fan, items, itemBytes);
      RunResult big = MeasuredRun.run(env, result, "big", Pipelines.bigOutput(bigBytes));
      checkBig(big, bigBytes);
    }
    MeasuredRun.report(result, "fan", items, "task");
    MeasuredRun.report(result, "big", 1, "step");
    result.metric("fan_resolve", result.median("fan_resolve_ms"), "ms");
    result.metric("big_resolve", result.median("big_resolve_ms"), "ms");
  }

  private static void checkFan(RunResult run, int items, int itemBytes) {
    StepRecord fan = step(run, Pipelines.FAN_OUT_STEP);
    if (fan.tasks().size() != items) {
      throw new IllegalStateException(fan.tasks().size() + " tasks, expected " + items);
    }
    for (TaskRecord task : fan.tasks()) {
      checkOutput("task " + task.index(), task.output(), itemBytes, 'x');
    }
    String joined = step(run, Pipelines.JOIN_STEP).output();
    if (joined == null || joined.length() < (long) items * itemBytes) {
      throw new IllegalStateException(
          "join output has " + (joined == null ? 0 : joined.length()) + " characters");
    }
  }

  private static void checkBig(RunResult run, int bytes) {
    checkOutput("big", step(run, Pipelines.BIG_STEP).output(), bytes, 'a');
  }

  private static void checkOutput(String what, String output, int bytes, char fill) {
    if (output == null || output.length() != bytes) {
      throw new IllegalStateException(
          what
              + ": output of "
              + (output == null ? 0 : output.length())
              + " chars, expected "
              + bytes);
    }
    for (int i = 0; i < output.length(); i++) {
      if (output.charAt(i) != fill) {
        throw new IllegalStateException(what + ": unexpected character at " + i);
      }
    }
  }

  static StepRecord step(RunResult run, String id) {
    return run.steps().stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no step " + id));
  }
}
