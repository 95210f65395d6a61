package dev.skein.bench.baseline;

import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentResult;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

public class GatherWorkflowImpl implements GatherWorkflow {

  private final List<String> finished = new ArrayList<>();

  @Override
  public List<String> run(List<Long> durationsMs) {
    String workflowId = Workflow.getInfo().getWorkflowId();
    List<Promise<AgentResult>> results = new ArrayList<>();
    for (int i = 0; i < durationsMs.size(); i++) {
      String stepId = stepId(i);
      AgentActivities agents =
          Workflow.newActivityStub(
              AgentActivities.class, BaselineRequests.defaultOptions(stepId + " · sleep"));
      results.add(
          Async.function(
              agents::runAgent, BaselineRequests.sleep(workflowId, stepId, durationsMs.get(i))));
    }
    Promise.allOf(results).get();
    for (int i = 0; i < results.size(); i++) {
      results.get(i).get();
      finished.add(stepId(i));
    }
    return List.copyOf(finished);
  }

  @Override
  public List<String> finished() {
    return List.copyOf(finished);
  }

  /** The same ids the Skein pipeline of this scenario gives its steps. */
  public static String stepId(int index) {
    return "sleep" + index;
  }
}
