package dev.skein.engine;

import dev.skein.run.ProgressQuery;
import dev.skein.run.RunEvent;
import dev.skein.run.RunResult;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** The workflow that runs a pipeline. Its names are a public contract (see interfaces.md). */
@WorkflowInterface
public interface AgentPipeline {

  String WORKFLOW_TYPE = "AgentPipeline";
  String PROGRESS_QUERY = "progress";
  String EVENTS_QUERY = "events";
  String BUDGET_UPDATE = "budget";
  String DECIDE_UPDATE = "decide";

  /**
   * Runs the pipeline. A failed, aborted or timed-out run ends with an {@code ApplicationFailure}
   * whose details hold the final {@link RunResult}; {@link #progress()} still answers afterwards.
   */
  @WorkflowMethod(name = WORKFLOW_TYPE)
  RunResult run(PipelineInput input);

  /** Events answered per call when the caller does not say. */
  int DEFAULT_EVENTS_PAGE = 1000;

  /**
   * The run as it stands now; every step is listed from the start. Lean by default (no outputs, no
   * task list: statuses, counts and times), so it stays small at any size; {@code query} asks for
   * outputs and tasks. May be called without an argument.
   */
  @QueryMethod(name = PROGRESS_QUERY)
  RunResult progress(ProgressQuery query);

  /**
   * At most {@code max} events (default {@value #DEFAULT_EVENTS_PAGE}) with a sequence number
   * greater than {@code afterSeq}, in order. May be called with {@code afterSeq} alone.
   */
  @QueryMethod(name = EVENTS_QUERY)
  List<RunEvent> events(long afterSeq, Integer max);

  /**
   * Raises the run's budget while it runs ({@code skein budget ID --add-usd N}) and answers the
   * budget now. A run holding because its budget was used up goes on if the raise covers it.
   */
  @UpdateMethod(name = BUDGET_UPDATE)
  BudgetView budget(BudgetRaise raise);

  /**
   * Rejects, with nothing written to history: no positive amount, a run without a budget (or
   * without the limit raised), a run that has already stopped.
   */
  @UpdateValidatorMethod(updateName = BUDGET_UPDATE)
  void validateBudget(BudgetRaise raise);

  /**
   * A person's decision on a waiting gate ({@code skein approve}, {@code reject}, {@code
   * resume-step}): approve or reject an approval step; retry, skip or fail a step or task paused on
   * a failure. Answers the step's record once the decision has taken effect.
   */
  @UpdateMethod(name = DECIDE_UPDATE)
  dev.skein.run.StepRecord decide(Decision decision);

  /**
   * Rejects, with nothing written to history: an unknown step or task, one that is not waiting, a
   * second decision on the same gate (or one after it ended), a decision its gate does not take.
   */
  @UpdateValidatorMethod(updateName = DECIDE_UPDATE)
  void validateDecide(Decision decision);
}
