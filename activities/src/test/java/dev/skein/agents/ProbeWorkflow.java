package dev.skein.agents;

import dev.skein.contract.AgentRequest;
import dev.skein.contract.AgentResult;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A test workflow that runs one {@code RunAgent} and can cancel it on a signal. */
@WorkflowInterface
public interface ProbeWorkflow {

  @WorkflowMethod
  AgentResult run(AgentRequest request, int maxAttempts);

  /** Cancels the scope the activity runs in. */
  @SignalMethod
  void cancelAgent();
}
