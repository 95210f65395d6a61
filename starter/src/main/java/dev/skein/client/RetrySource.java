package dev.skein.client;

import dev.skein.engine.AgentPipeline;
import dev.skein.engine.PipelineInput;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The run a retry starts from, as the service describes it: its latest execution, which must have
 * ended, and the workflow input that execution was started with (the pipeline and inputs; a run
 * that continued as new hands both to every execution).
 */
record RetrySource(String workflowId, String runId, PipelineInput input) {

  static RetrySource of(WorkflowClient client, String workflowId) {
    WorkflowExecutionDescription described =
        describePipelineRun(
            client, workflowId, "; only " + AgentPipeline.WORKFLOW_TYPE + " runs can be retried.");
    if (described.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw new SkeinException(
          "Run "
              + workflowId
              + " is still running; retry it once it has ended (wait with 'skein result "
              + workflowId
              + "' or stop it with 'skein cancel "
              + workflowId
              + "').");
    }
    String runId = described.getExecution().getRunId();
    return new RetrySource(workflowId, runId, input(client, workflowId, runId));
  }

  /**
   * The workflow input of run {@code workflowId}'s latest execution, running or ended: the pipeline
   * it runs and its inputs.
   */
  static PipelineInput startedWith(WorkflowClient client, String workflowId) {
    WorkflowExecutionDescription described = describePipelineRun(client, workflowId, ".");
    return input(client, workflowId, described.getExecution().getRunId());
  }

  /**
   * Run {@code workflowId}'s latest execution, refused unless it is a Skein pipeline run; {@code
   * refusalEnd} finishes the refusal's sentence.
   */
  private static WorkflowExecutionDescription describePipelineRun(
      WorkflowClient client, String workflowId, String refusalEnd) {
    WorkflowExecutionDescription described;
    try {
      described = client.newUntypedWorkflowStub(workflowId).describe();
    } catch (WorkflowNotFoundException e) {
      throw new RunNotFoundException(workflowId, e);
    }
    if (!AgentPipeline.WORKFLOW_TYPE.equals(described.getWorkflowType())) {
      throw new SkeinException(
          "Run "
              + workflowId
              + " is a "
              + described.getWorkflowType()
              + " workflow, not a Skein pipeline run"
              + refusalEnd);
    }
    return described;
  }

  /** The input of one execution, from its first history event alone. */
  private static PipelineInput input(WorkflowClient client, String workflowId, String runId) {
    List<HistoryEvent> events;
    try {
      events =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(
                          WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
                      .setMaximumPageSize(1)
                      .build())
              .getHistory()
              .getEventsList();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new RunNotFoundException(workflowId, e);
      }
      throw e;
    }
    HistoryEvent first =
        events.stream()
            .filter(HistoryEvent::hasWorkflowExecutionStartedEventAttributes)
            .findFirst()
            .orElseThrow(
                () ->
                    new SkeinException(
                        "The history of run " + workflowId + " does not start with its input."));
    PipelineInput input =
        client
            .getOptions()
            .getDataConverter()
            .fromPayloads(
                0,
                Optional.of(first.getWorkflowExecutionStartedEventAttributes().getInput()),
                PipelineInput.class,
                PipelineInput.class);
    if (input == null || input.pipeline() == null || input.pipeline().isNull()) {
      throw new SkeinException("Run " + workflowId + " was started without a pipeline document.");
    }
    return input;
  }
}
