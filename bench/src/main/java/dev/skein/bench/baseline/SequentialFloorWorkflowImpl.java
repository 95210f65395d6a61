package dev.skein.bench.baseline;

import dev.skein.contract.AgentActivities;
import io.temporal.workflow.Workflow;

public class SequentialFloorWorkflowImpl implements SequentialFloorWorkflow {

  @Override
  public int run(int steps) {
    String workflowId = Workflow.getInfo().getWorkflowId();
    int done = 0;
    for (int i = 0; i < steps; i++) {
      String stepId = String.format("s%04d", i);
      AgentActivities agents =
          Workflow.newActivityStub(
              AgentActivities.class, BaselineRequests.defaultOptions(stepId + " · echo"));
      agents.runAgent(BaselineRequests.echo(workflowId, stepId, "x"));
      done++;
    }
    return done;
  }
}
