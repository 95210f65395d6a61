package dev.skein.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.engine.AgentPipeline;
import dev.skein.run.RunResult;
import io.temporal.client.WorkflowStub;

/**
 * One Skein run measured whole: wall and CPU time from the start request to the result, then what
 * it left in the service (history events and bytes, parent and children) and the heap (peak sampled
 * during the run, live after a full collection once it ended), each recorded as a sample of {@code
 * <series>_...}.
 */
final class MeasuredRun {

  private MeasuredRun() {}

  /** Runs {@code pipeline} to success and returns its result with every output read back. */
  static RunResult run(
      BenchEnvironment env, ScenarioResult result, String series, JsonNode pipeline)
      throws Exception {
    RunResult[] raw = new RunResult[1];
    String[] id = new String[1];
    Timing timing;
    double heapPeak;
    try (HeapPeak peak = new HeapPeak()) {
      timing =
          Timing.of(
              () -> {
                AgentPipeline stub = env.startPipeline("bench-" + series, pipeline);
                id[0] = WorkflowStub.fromTyped(stub).getExecution().getWorkflowId();
                raw[0] = BenchEnvironment.await(stub);
              });
      heapPeak = peak.mib();
    }
    result.sample(series + "_ms", timing.wallMs());
    result.sample(series + "_cpu_ms", timing.cpuMs());
    RunHistory history = RunHistory.of(env.client(), id[0]);
    result.sample(series + "_workflows", history.workflows());
    result.sample(series + "_history_events", history.events());
    result.sample(series + "_history_bytes", history.bytes());
    result.sample(series + "_heap_peak_mib", heapPeak);
    long resolveStart = System.nanoTime();
    RunResult resolved = env.resolved(raw[0]);
    result.sample(series + "_resolve_ms", Stats.millisSince(resolveStart));
    result.sample(series + "_heap_live_after_mib", ProcessMemory.heapLiveMib());
    return resolved;
  }

  /** The medians of one series' figures as metrics, {@code work} units per run. */
  static void report(ScenarioResult result, String series, int work, String unit) {
    double ms = result.median(series + "_ms");
    result.metric(series + "_wall", ms, "ms");
    result.metric(series + "_throughput", work / (ms / 1000), unit + "/s");
    result.metric(series + "_cpu_per_" + unit, result.median(series + "_cpu_ms") / work, "ms");
    result.metric(series + "_workflows", result.median(series + "_workflows"), "workflows");
    result.metric(series + "_history_events", result.median(series + "_history_events"), "events");
    result.metric(
        series + "_history_bytes", result.median(series + "_history_bytes") / 1024, "KiB");
    result.metric(series + "_heap_peak", result.median(series + "_heap_peak_mib"), "MiB");
    result.metric(
        series + "_heap_live_after", result.median(series + "_heap_live_after_mib"), "MiB");
  }
}
