package dev.skein.bench.baseline;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Baseline A, the Temporal floor: the no-op activity called {@code steps} times in sequence. */
@WorkflowInterface
public interface SequentialFloorWorkflow {

  @WorkflowMethod(name = "BenchSequentialFloor")
  int run(int steps);
}
