package dev.skein.agents;

import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.AgentResult;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class ProbeWorkflowImpl implements ProbeWorkflow {

  private boolean cancelRequested;

  @Override
  public AgentResult run(AgentRequest request, int maxAttempts) {
    AgentActivities agents =
        Workflow.newActivityStub(
            AgentActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(Duration.ofSeconds(2))
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setMaximumAttempts(maxAttempts)
                        .setInitialInterval(Duration.ofMillis(100))
                        .setBackoffCoefficient(1.0)
                        .build())
                .build());
    Promise<AgentResult>[] result = new Promise[1];
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> result[0] = io.temporal.workflow.Async.function(agents::runAgent, request));
    scope.run();
    Workflow.await(() -> cancelRequested || result[0].isCompleted());
    if (!result[0].isCompleted()) {
      scope.cancel();
    }
    return result[0].get();
  }

  @Override
  public void cancelAgent() {
    cancelRequested = true;
  }
}
