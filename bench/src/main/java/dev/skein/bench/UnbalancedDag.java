package dev.skein.bench;

import dev.skein.engine.AgentPipeline;

/**
 * Scenario 4: a DAG whose critical path is much shorter than the sum of its level maxima, run in
 * {@code levels} and in {@code dataflow} mode, each against the critical-path bound.
 */
final class UnbalancedDag implements Scenario {

  @Override
  public String id() {
    return "unbalanced";
  }

  @Override
  public String title(BenchConfig config) {
    long lng = config.unbalancedLongMs();
    long shrt = config.unbalancedShortMs();
    return "unbalanced DAG: a1 "
        + lng
        + " ms -> a2 "
        + shrt
        + " ms, b1 "
        + shrt
        + " ms -> b2 "
        + lng
        + " ms";
  }

  @Override
  public void run(BenchEnvironment env, BenchConfig config, ScenarioResult result)
      throws Exception {
    long lng = config.unbalancedLongMs();
    long shrt = config.unbalancedShortMs();
    if (config.warmUp()) {
      skein(env, "levels", 20, 2);
      skein(env, "dataflow", 20, 2);
    }
    new Alternating()
        .add("levels", () -> skein(env, "levels", lng, shrt))
        .add("dataflow", () -> skein(env, "dataflow", lng, shrt))
        .repeat(config.reps(), result);
    double bound = lng + shrt;
    double levels = result.median("levels_ms");
    double dataflow = result.median("dataflow_ms");
    result.metric("critical_path_bound", bound, "ms");
    result.metric("level_maxima_sum", 2.0 * lng, "ms");
    result.metric("levels", levels, "ms");
    result.metric("dataflow", dataflow, "ms");
    result.metric("levels_over_bound", levels / bound, "x");
    result.metric("dataflow_over_bound", dataflow / bound, "x");
    result.atMost(
        "dataflow_vs_critical_path",
        "dataflow within 10% of the critical-path bound",
        dataflow / bound,
        1.10);
  }

  private static void skein(BenchEnvironment env, String mode, long lng, long shrt) {
    AgentPipeline run = env.startPipeline("bench-" + mode, Pipelines.unbalanced(mode, lng, shrt));
    BenchEnvironment.await(run);
  }
}
