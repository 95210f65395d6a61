package dev.skein.bench;

/** One measurement of the benchmark: Skein and its baselines, alternating, in the same run. */
interface Scenario {

  /** Short name, used by {@code --only} and in the JSON. */
  String id();

  /** Runs every repetition and fills {@code result}; throws on a run that did not succeed. */
  void run(BenchEnvironment env, BenchConfig config, ScenarioResult result) throws Exception;

  String title(BenchConfig config);
}
