package dev.skein.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The one activity the workflow calls: run an agent once for a step or a fan-out task.
 *
 * <p>Failures are {@code ApplicationFailure}s whose types are in {@link FailureTypes}.
 */
@ActivityInterface
public interface AgentActivities {

  String RUN_AGENT = "RunAgent";

  @ActivityMethod(name = RUN_AGENT)
  AgentResult runAgent(AgentRequest request);
}
