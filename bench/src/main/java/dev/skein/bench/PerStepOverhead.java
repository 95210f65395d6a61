package dev.skein.bench;

import dev.skein.bench.baseline.BaselineRequests;
import dev.skein.bench.baseline.FutureChain;
import dev.skein.bench.baseline.SequentialFloorWorkflow;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.AgentResult;
import dev.skein.engine.AgentPipeline;
import io.temporal.client.WorkflowClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Scenario 1: a chain of no-op steps. Skein against the Temporal floor (a bare workflow calling the
 * same activity in sequence with the same options) and against an in-process future chain.
 */
final class PerStepOverhead implements Scenario {

  @Override
  public String id() {
    return "per-step";
  }

  @Override
  public String title(BenchConfig config) {
    return "per-step overhead: chain of " + config.chainSteps() + " no-op steps";
  }

  @Override
  public void run(BenchEnvironment env, BenchConfig config, ScenarioResult result)
      throws Exception {
    int steps = config.chainSteps();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Alternating contenders =
          new Alternating()
              .add("skein", () -> skein(env, steps))
              .add("floor", () -> floor(env, steps))
              .add("futures", () -> futures(steps, executor));
      if (config.warmUp()) {
        contenders.warmUp();
      }
      contenders.repeat(config.reps(), result);
    } finally {
      executor.shutdownNow();
    }
    double skein = result.median("skein_ms") / steps;
    double floor = result.median("floor_ms") / steps;
    double futuresUs = result.median("futures_ms") * 1000 / steps;
    double skeinCpu = result.median("skein_cpu_ms") / steps;
    double floorCpu = result.median("floor_cpu_ms") / steps;
    result.metric("skein_per_step", skein, "ms/step");
    result.metric("floor_per_step", floor, "ms/step");
    result.metric("futures_per_step", futuresUs, "us/step");
    result.metric("skein_over_floor", skein / floor, "x");
    result.metric("skein_cpu_per_step", skeinCpu, "ms/step");
    result.metric("floor_cpu_per_step", floorCpu, "ms/step");
    result.metric("skein_cpu_over_floor", skeinCpu / floorCpu, "x");
    result.atMost("per_step_vs_floor", "Skein per-step time <= 1.5x the floor", skein / floor, 1.5);
    result.atMost("per_step_absolute", "Skein per-step time < 10 ms", skein, 10.0);
  }

  private static void skein(BenchEnvironment env, int steps) {
    AgentPipeline run = env.startPipeline("bench-chain", Pipelines.chain(steps));
    BenchEnvironment.await(run);
  }

  private static void floor(BenchEnvironment env, int steps) {
    SequentialFloorWorkflow run =
        env.client()
            .newWorkflowStub(SequentialFloorWorkflow.class, env.options("bench-chain-floor"));
    WorkflowClient.start(run::run, steps);
    BenchEnvironment.awaitResult(run, Integer.class);
  }

  private static void futures(int steps, ExecutorService executor) {
    AgentRequest seed = BaselineRequests.echo("bench-futures", "s0000", "x");
    FutureChain.run(steps, seed, PerStepOverhead::next, executor);
  }

  /**
   * What the echo agent does, called in-process: the agent itself heartbeats, which needs an
   * activity context, so the chain applies the same transformation (prompt in, result out) and
   * feeds the output to the next request, as a chain of steps would.
   */
  private static AgentRequest next(AgentRequest request) {
    AgentResult result = AgentResult.inline(request.prompt(), null, 1, 0, false);
    return BaselineRequests.echo(request.workflowId(), request.stepId(), result.output());
  }
}
