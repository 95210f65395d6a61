package dev.skein.bench;

import dev.skein.bench.baseline.BoundedFanOutWorkflow;
import dev.skein.engine.AgentPipeline;
import io.temporal.client.WorkflowClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAccumulator;

/**
 * Scenario 5: the JVM's memory while a fan-out of no-op tasks runs, Skein's fan-out step against
 * the bare bounded fan-out workflow. The in-memory Temporal service lives in the same JVM and keeps
 * every finished run's history, so the heap grows from run to run; the growth from before a run to
 * half-way through it, and the difference between the two contenders, is what a run costs.
 */
final class MemoryFootprint implements Scenario {

  private static final long SAMPLE_EVERY_MS = 50;

  @Override
  public String id() {
    return "memory";
  }

  @Override
  public String title(BenchConfig config) {
    return "memory: fan-out of " + config.fanOutTasks() + " no-op tasks, cap " + config.fanOutCap();
  }

  @Override
  public void run(BenchEnvironment env, BenchConfig config, ScenarioResult result)
      throws Exception {
    int tasks = config.fanOutTasks();
    int cap = config.fanOutCap();
    if (config.warmUp()) {
      startSkein(env, cap, cap).run();
      startBaseline(env, cap, cap).run();
    }
    for (int rep = 0; rep < config.reps(); rep++) {
      boolean skeinFirst = rep % 2 == 0;
      if (skeinFirst) {
        measure(env, result, "skein", tasks, () -> startSkein(env, tasks, cap));
      }
      measure(env, result, "baseline", tasks, () -> startBaseline(env, tasks, cap));
      if (!skeinFirst) {
        measure(env, result, "skein", tasks, () -> startSkein(env, tasks, cap));
      }
    }
    for (String who : new String[] {"skein", "baseline"}) {
      result.metric(who + "_heap_before", result.median(who + "_heap_before_mib"), "MiB");
      result.metric(who + "_heap_live_mid_run", result.median(who + "_heap_mid_mib"), "MiB");
      result.metric(who + "_heap_growth_mid_run", result.median(who + "_heap_growth_mib"), "MiB");
      result.metric(who + "_heap_peak", result.median(who + "_heap_peak_mib"), "MiB");
      result.metric(who + "_rss_peak", result.median(who + "_rss_peak_mib"), "MiB");
      result.metric(who + "_throughput", tasks / (result.median(who + "_ms") / 1000), "tasks/s");
    }
  }

  /** Starts a run and returns something to wait on. */
  @FunctionalInterface
  private interface Starter {
    Runnable start();
  }

  private static void measure(
      BenchEnvironment env, ScenarioResult result, String who, int tasks, Starter starter)
      throws InterruptedException {
    double before = ProcessMemory.heapLiveMib();
    result.sample(who + "_heap_before_mib", before);
    DoubleAccumulator heapPeak = new DoubleAccumulator(Math::max, 0);
    DoubleAccumulator rssPeak = new DoubleAccumulator(Math::max, 0);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> {
          heapPeak.accumulate(ProcessMemory.heapUsedMib());
          rssPeak.accumulate(ProcessMemory.rssMib());
        },
        0,
        SAMPLE_EVERY_MS,
        TimeUnit.MILLISECONDS);
    try {
      long calls = env.agentCallsCompleted();
      long start = System.nanoTime();
      Runnable awaiter = starter.start();
      // Half-way through, collect and read what is really live while the run is at full width.
      while (env.agentCallsCompleted() - calls < tasks / 2) {
        if (Stats.millisSince(start) > BenchEnvironment.RUN_TIMEOUT.toMillis()) {
          throw new IllegalStateException("fan-out did not reach half-way");
        }
        Thread.sleep(5);
      }
      double mid = ProcessMemory.heapLiveMib();
      result.sample(who + "_heap_mid_mib", mid);
      result.sample(who + "_heap_growth_mib", mid - before);
      awaiter.run();
      result.sample(who + "_ms", Stats.millisSince(start));
    } finally {
      sampler.shutdownNow();
      sampler.awaitTermination(5, TimeUnit.SECONDS);
    }
    result.sample(who + "_heap_peak_mib", heapPeak.get());
    result.sample(who + "_rss_peak_mib", rssPeak.get());
  }

  private static Runnable startSkein(BenchEnvironment env, int tasks, int cap) {
    AgentPipeline run = env.startPipeline("bench-fan-out", Pipelines.fanOut(tasks, cap));
    return () -> BenchEnvironment.await(run);
  }

  private static Runnable startBaseline(BenchEnvironment env, int tasks, int cap) {
    BoundedFanOutWorkflow run =
        env.client().newWorkflowStub(BoundedFanOutWorkflow.class, env.options("bench-fan-base"));
    WorkflowClient.start(run::run, tasks, cap);
    return () -> BenchEnvironment.awaitResult(run, Integer.class);
  }
}
