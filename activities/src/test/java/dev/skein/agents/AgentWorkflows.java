package dev.skein.agents;

import dev.skein.testkit.SharedTemporalServer;
import dev.skein.testkit.Tier;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.concurrent.TimeUnit;

/**
 * A started Temporal service of one {@link Tier} with one worker that runs a workflow and the real
 * agents: {@code TestWorkflowEnvironment} in memory, or a worker on this JVM's shared real server
 * (the server outlives the test, and other test classes use it too: each class has its own queue).
 */
final class AgentWorkflows implements AutoCloseable {

  private final String taskQueue;
  private final WorkflowClient client;
  private final Runnable stop;

  private AgentWorkflows(String taskQueue, WorkflowClient client, Runnable stop) {
    this.taskQueue = taskQueue;
    this.client = client;
    this.stop = stop;
  }

  /**
   * Real time (agents run real processes) and the production heartbeat throttle, so that a cancel
   * reaches a running agent as soon as it would in a worker.
   */
  static AgentWorkflows start(Tier tier, String queue, Class<?> workflowImplementation) {
    return switch (tier) {
      case IN_MEMORY -> inMemory(queue, workflowImplementation);
      case REAL_SERVER -> onRealServer(queue, workflowImplementation);
    };
  }

  private static AgentWorkflows inMemory(String queue, Class<?> workflowImplementation) {
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    register(env.newWorker(queue, workerOptions()), workflowImplementation);
    env.start();
    return new AgentWorkflows(queue, env.getWorkflowClient(), env::close);
  }

  private static AgentWorkflows onRealServer(String queue, Class<?> workflowImplementation) {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(SharedTemporalServer.get().address())
                .build());
    WorkflowClient client = WorkflowClient.newInstance(service);
    WorkerFactory factory = WorkerFactory.newInstance(client);
    register(factory.newWorker(queue, workerOptions()), workflowImplementation);
    factory.start();
    return new AgentWorkflows(
        queue,
        client,
        () -> {
          factory.shutdownNow();
          factory.awaitTermination(10, TimeUnit.SECONDS);
          service.shutdownNow();
        });
  }

  private static WorkerOptions workerOptions() {
    return WorkerOptions.newBuilder()
        .setMaxHeartbeatThrottleInterval(AgentActivitiesImpl.MAX_HEARTBEAT_THROTTLE)
        .build();
  }

  private static void register(Worker worker, Class<?> workflowImplementation) {
    if (workflowImplementation == dev.skein.engine.AgentPipelineImpl.class) {
      // As every worker does it: with the local activity and the child workflow the run needs.
      dev.skein.engine.PipelineWorkflows.register(worker);
    } else {
      worker.registerWorkflowImplementationTypes(workflowImplementation);
    }
    worker.registerActivitiesImplementations(new AgentActivitiesImpl(System.getenv()));
  }

  /** The queue the worker polls: start workflows on it. */
  String taskQueue() {
    return taskQueue;
  }

  WorkflowClient client() {
    return client;
  }

  @Override
  public void close() {
    stop.run();
  }
}
