package dev.skein.bench.baseline;

import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentResult;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * A sliding window rather than batches of {@code Promise.allOf}: batches would idle while the
 * slowest task of each batch finishes, and the baseline should be the best a bare workflow can do.
 */
public class BoundedFanOutWorkflowImpl implements BoundedFanOutWorkflow {

  private int completed;

  @Override
  public int run(int tasks, int cap) {
    String workflowId = Workflow.getInfo().getWorkflowId();
    List<Promise<AgentResult>> inFlight = new ArrayList<>();
    int next = 0;
    while (completed < tasks) {
      while (next < tasks && inFlight.size() < cap) {
        inFlight.add(launch(workflowId, next++));
      }
      Promise.anyOf(inFlight).get();
      int before = inFlight.size();
      inFlight.removeIf(Promise::isCompleted);
      completed += before - inFlight.size();
    }
    return completed;
  }

  @Override
  public int completed() {
    return completed;
  }

  private static Promise<AgentResult> launch(String workflowId, int index) {
    String label = "fan#" + index;
    AgentActivities agents =
        Workflow.newActivityStub(
            AgentActivities.class, BaselineRequests.defaultOptions(label + " · echo"));
    return Async.function(agents::runAgent, BaselineRequests.echo(workflowId, label, "x"));
  }
}
