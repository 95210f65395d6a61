package dev.skein.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.agents.AgentActivitiesImpl;
import dev.skein.bench.baseline.BoundedFanOutWorkflowImpl;
import dev.skein.bench.baseline.GatherWorkflowImpl;
import dev.skein.bench.baseline.SequentialFloorWorkflowImpl;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.PipelineInput;
import dev.skein.engine.PipelineWorkflows;
import dev.skein.run.RunResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One in-memory Temporal service in real time (no time skipping) and one worker on the {@code
 * skein} task queue that hosts the Skein workflow, the baseline workflows and the agent activities,
 * so Skein and its baselines share every cost but the engine.
 */
public final class BenchEnvironment implements AutoCloseable {

  public static final String TASK_QUEUE = "skein";

  /** No scenario run may take longer; a stuck run is an error, not a slow figure. */
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

  static final int MAX_CONCURRENT_ACTIVITIES = 200;

  private final TestWorkflowEnvironment env;
  private final AgentActivitiesImpl agents = new AgentActivitiesImpl();
  private final CountingAgentActivities counted = new CountingAgentActivities(agents);

  public BenchEnvironment(boolean sticky) {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker = env.newWorker(TASK_QUEUE, workerOptions(sticky));
    PipelineWorkflows.register(worker);
    worker.registerWorkflowImplementationTypes(
        SequentialFloorWorkflowImpl.class,
        BoundedFanOutWorkflowImpl.class,
        GatherWorkflowImpl.class);
    worker.registerActivitiesImplementations(counted);
    env.start();
  }

  /**
   * A deployed worker's heartbeat throttle, and room for every activity a scenario keeps in flight,
   * so the pipeline's cap, not the worker's, is what limits a wide level (a deployed {@code skein
   * worker} defaults to fewer).
   */
  private static WorkerOptions workerOptions(boolean sticky) {
    WorkerOptions.Builder options =
        WorkerOptions.newBuilder()
            .setMaxConcurrentActivityExecutionSize(MAX_CONCURRENT_ACTIVITIES)
            .setMaxHeartbeatThrottleInterval(AgentActivitiesImpl.MAX_HEARTBEAT_THROTTLE);
    if (!sticky) {
      // What a worker beside `skein dev-server` does: zero turns sticky execution off.
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    return options.build();
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  /** Options for a run of this benchmark: a fresh id, the shared task queue, a hard deadline. */
  public WorkflowOptions options(String prefix) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(prefix + "-" + UUID.randomUUID())
        .setTaskQueue(TASK_QUEUE)
        .setWorkflowExecutionTimeout(RUN_TIMEOUT)
        .build();
  }

  /** Starts a Skein pipeline and returns its typed stub, for queries while it runs. */
  public AgentPipeline startPipeline(String prefix, JsonNode pipeline) {
    AgentPipeline stub = client().newWorkflowStub(AgentPipeline.class, options(prefix));
    WorkflowClient.start(stub::run, new PipelineInput(pipeline, Map.of()));
    return stub;
  }

  /** Waits for a started pipeline; a run that did not succeed is an error of the benchmark. */
  public static RunResult await(AgentPipeline stub) {
    RunResult result = awaitResult(stub, RunResult.class);
    if (result == null || !"succeeded".equals(result.status().wireName())) {
      throw new IllegalStateException(
          "pipeline run did not succeed: " + (result == null ? "no result" : result.status()));
    }
    return result;
  }

  /** Waits for any started workflow's result, within {@link #RUN_TIMEOUT}. */
  public static <R> R awaitResult(Object typedStub, Class<R> type) {
    try {
      return WorkflowStub.fromTyped(typedStub)
          .getResult(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS, type);
    } catch (TimeoutException e) {
      throw new IllegalStateException("run did not end within " + RUN_TIMEOUT, e);
    }
  }

  /** Agent calls completed on the worker since it started. */
  public long agentCallsCompleted() {
    return counted.completed();
  }

  @Override
  public void close() {
    env.close();
  }
}
