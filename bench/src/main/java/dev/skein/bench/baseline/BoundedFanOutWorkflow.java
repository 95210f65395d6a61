package dev.skein.bench.baseline;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Baseline of the wide level: {@code tasks} no-op activities with at most {@code cap} in flight, a
 * new one launched the moment any finishes.
 */
@WorkflowInterface
public interface BoundedFanOutWorkflow {

  @WorkflowMethod(name = "BenchBoundedFanOut")
  int run(int tasks, int cap);

  /** How many activities have finished so far. */
  @QueryMethod(name = "completed")
  int completed();
}
