package dev.skein.bench.baseline;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Baseline of completion visibility: a gather-style workflow that starts every sleep at once and
 * records the results only after {@code Promise.allOf}, as a hand-written script would.
 */
@WorkflowInterface
public interface GatherWorkflow {

  /** Runs one sleep activity per duration; returns the step ids in input order. */
  @WorkflowMethod(name = "BenchGather")
  List<String> run(List<Long> durationsMs);

  /** Step ids whose results have been recorded. */
  @QueryMethod(name = "finished")
  List<String> finished();
}
