package dev.skein.resume;

import dev.skein.contract.FailureTypes;
import dev.skein.engine.AgentPipeline;
import dev.skein.output.OutputValue;
import dev.skein.run.ProgressQuery;
import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskRecord;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers {@link ResumeActivities} from the worker's own connection: asks the source run's latest
 * execution (or the one named) for its {@code progress} with outputs and tasks, which every ended
 * run answers from its history, whether it failed, was cancelled or timed out, and which a run that
 * continued as new answers with every record it carried. A terminated run cannot answer queries
 * (the Java SDK does not replay past the termination); its records are read from its history
 * instead ({@link TerminatedRecords}).
 */
public final class ResumeActivitiesImpl implements ResumeActivities {

  @Override
  public ResumeSource loadResumeSource(String workflowId, String runId) {
    WorkflowClient client = Activity.getExecutionContext().getWorkflowClient();
    WorkflowStub stub =
        client.newUntypedWorkflowStub(workflowId, Optional.ofNullable(runId), Optional.empty());
    WorkflowExecutionDescription described;
    try {
      described = stub.describe();
    } catch (WorkflowNotFoundException e) {
      throw invalid("the run to retry, " + workflowId + ", does not exist in this namespace");
    }
    WorkflowExecutionStatus status = described.getStatus();
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW) {
      // The execution named went on in a newer one, which holds every record it carried.
      return loadResumeSource(workflowId, null);
    }
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw invalid(
          "the run to retry, "
              + workflowId
              + ", is still running; wait for it to end or cancel it first");
    }
    if (!AgentPipeline.WORKFLOW_TYPE.equals(described.getWorkflowType())) {
      throw invalid(
          "the run to retry, "
              + workflowId
              + ", is a "
              + described.getWorkflowType()
              + " workflow, not a Skein pipeline run");
    }
    String executionRunId = described.getExecution().getRunId();
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED) {
      return TerminatedRecords.read(client, workflowId, executionRunId);
    }
    RunResult records =
        client
            .newUntypedWorkflowStub(workflowId, Optional.of(executionRunId), Optional.empty())
            .query(AgentPipeline.PROGRESS_QUERY, RunResult.class, ProgressQuery.FULL);
    return of(workflowId, executionRunId, records.steps());
  }

  /** The reusable part of a run's records. */
  static ResumeSource of(String workflowId, String runId, List<StepRecord> steps) {
    List<ResumeSource.Step> reusable = new ArrayList<>();
    for (StepRecord s : steps == null ? List.<StepRecord>of() : steps) {
      if (s.tasks() != null) {
        List<ResumeSource.Task> tasks = new ArrayList<>();
        for (TaskRecord t : s.tasks()) {
          if (t.status() == StepStatus.SUCCEEDED && t.requestDigest() != null) {
            tasks.add(
                new ResumeSource.Task(
                    t.index(), t.requestDigest(), value(t.output(), t.outputRef()), t.attempts()));
          }
        }
        if (!tasks.isEmpty()) {
          reusable.add(new ResumeSource.Step(s.id(), null, null, 0, tasks));
        }
      } else if ("agent".equals(s.kind())
          && s.status() == StepStatus.SUCCEEDED
          && s.requestDigest() != null) {
        reusable.add(
            new ResumeSource.Step(
                s.id(), s.requestDigest(), value(s.output(), s.outputRef()), s.attempts(), null));
      }
    }
    return new ResumeSource(workflowId, runId, reusable);
  }

  private static OutputValue value(String text, dev.skein.run.OutputRef ref) {
    return ref != null ? OutputValue.stored(ref) : OutputValue.inline(text);
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_RESUME);
  }
}
