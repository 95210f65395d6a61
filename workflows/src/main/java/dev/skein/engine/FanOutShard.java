package dev.skein.engine;

import dev.skein.run.TaskCounts;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A child workflow that runs one range of a fan-out too large for one workflow's history. Its
 * parent, an {@code AgentPipeline} run, starts as many as the caps allow and shares the caps out
 * between them; Skein's clients read their {@code progress} to count tasks as they finish.
 */
@WorkflowInterface
public interface FanOutShard {

  String WORKFLOW_TYPE = "AgentPipelineShard";
  String PROGRESS_QUERY = "progress";
  String ALLOT_SIGNAL = "skein.allot";
  String STOP_SIGNAL = "skein.stop";

  @WorkflowMethod(name = WORKFLOW_TYPE)
  ShardResult run(ShardInput input);

  /** Its tasks by status, as they stand. */
  @QueryMethod(name = PROGRESS_QUERY)
  TaskCounts progress();

  /** The parent raises how many agents this child may run at once. */
  @SignalMethod(name = ALLOT_SIGNAL)
  void allot(int slots);

  /**
   * The parent stops this child (fail-fast of a sibling, the run stopping): its agents are
   * cancelled and it returns every task's outcome, so what finished is not lost.
   */
  @SignalMethod(name = STOP_SIGNAL)
  void stop(String reason);
}
