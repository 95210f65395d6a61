package dev.skein.agents;

import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;

/** A started Temporal test environment whose one worker runs a workflow and the real agents. */
final class AgentWorkflows {

  private AgentWorkflows() {}

  /**
   * Real time (agents run real processes) and the production heartbeat throttle, so that a cancel
   * reaches a running agent as soon as it would in a worker.
   */
  static TestWorkflowEnvironment start(String taskQueue, Class<?> workflowImplementation) {
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker =
        env.newWorker(
            taskQueue,
            WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(AgentActivitiesImpl.MAX_HEARTBEAT_THROTTLE)
                .build());
    worker.registerWorkflowImplementationTypes(workflowImplementation);
    worker.registerActivitiesImplementations(new AgentActivitiesImpl(System.getenv()));
    env.start();
    return env;
  }
}
