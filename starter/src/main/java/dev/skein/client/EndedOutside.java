package dev.skein.client;

import dev.skein.run.ErrorInfo;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.visibility.SkeinSearchAttributes;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs that ended without the workflow's say: terminated ({@code temporal workflow terminate}, a
 * reset of a running run) or timed out (a workflow timeout set by whoever started it). The
 * workflow's state stops where it was, so a timed-out run's queries still answer {@code running},
 * and a terminated run's queries fail outright (Temporal's Java SDK 1.39 does not replay past the
 * termination event). The service knows how the run ended; this puts its word in the record: status
 * {@code failed}, an error of type {@link RunHandle#TERMINATED} or {@link RunHandle#TIMED_OUT} with
 * the reason, and the close time.
 */
final class EndedOutside {

  private EndedOutside() {}

  /** How the service ended a run, with what visibility knows about it. */
  record Closure(
      String runId,
      Optional<String> pipeline,
      Optional<Instant> startedAt,
      Optional<Instant> closedAt,
      ErrorInfo error) {

    /** {@code current} as the service closed it. */
    RunResult applyTo(RunResult current) {
      return new RunResult(
          current.workflowId(),
          current.runId() == null ? runId : current.runId(),
          current.pipeline() == null ? pipeline.orElse(null) : current.pipeline(),
          RunStatus.FAILED,
          current.startedAt() == null
              ? startedAt.map(Instant::toString).orElse(null)
              : current.startedAt(),
          closedAt.map(Instant::toString).orElse(current.completedAt()),
          error,
          current.steps() == null ? List.of() : current.steps());
    }

    /** The record when the workflow cannot be asked: no steps, only what the service knows. */
    RunResult alone(String workflowId) {
      return new RunResult(
          workflowId,
          runId,
          pipeline.orElse(null),
          RunStatus.FAILED,
          startedAt.map(Instant::toString).orElse(null),
          closedAt.map(Instant::toString).orElse(null),
          new ErrorInfo(
              error.type(),
              error.message()
                  + " Its steps cannot be shown: the workflow cannot replay past its termination"
                  + " to answer queries; 'temporal workflow show' has its history.",
              false),
          List.of());
    }
  }

  /** {@code current} as the service closed it, or {@code current} itself if it is still open. */
  static RunResult apply(WorkflowClient client, String workflowId, RunResult current) {
    if (current == null || current.status() != RunStatus.RUNNING) {
      return current;
    }
    return closure(client, workflowId, Optional.ofNullable(current.runId()))
        .map(c -> c.applyTo(current))
        .orElse(current);
  }

  /** How the service ended the run, if it terminated it or timed it out; empty otherwise. */
  static Optional<Closure> closure(
      WorkflowClient client, String workflowId, Optional<String> runId) {
    WorkflowExecution.Builder execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId);
    runId.ifPresent(execution::setRunId);
    WorkflowExecutionDescription described;
    try {
      described =
          new WorkflowExecutionDescription(
              client
                  .getWorkflowServiceStubs()
                  .blockingStub()
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .describeWorkflowExecution(
                      DescribeWorkflowExecutionRequest.newBuilder()
                          .setNamespace(client.getOptions().getNamespace())
                          .setExecution(execution)
                          .build()),
              client.getOptions().getDataConverter());
    } catch (StatusRuntimeException unanswered) {
      return Optional.empty();
    }
    WorkflowExecution closed = described.getExecution();
    ErrorInfo error;
    if (described.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED) {
      error =
          new ErrorInfo(
              RunHandle.TERMINATED,
              "The run was terminated"
                  + reason(client, closed).map(r -> " (" + r + ")").orElse("")
                  + "; nothing it had in flight was recorded after that.",
              false);
    } else if (described.getStatus()
        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT) {
      error =
          new ErrorInfo(
              RunHandle.TIMED_OUT,
              "The run reached the workflow timeout it was started with; nothing it had in"
                  + " flight was recorded after that.",
              false);
    } else {
      return Optional.empty();
    }
    return Optional.of(
        new Closure(
            closed.getRunId(),
            Optional.ofNullable(
                described.getTypedSearchAttributes().get(SkeinSearchAttributes.PIPELINE)),
            Optional.ofNullable(described.getStartTime()),
            Optional.ofNullable(described.getCloseTime()),
            error));
  }

  /** The reason given to terminate, from the close event alone. */
  private static Optional<String> reason(WorkflowClient client, WorkflowExecution execution) {
    try {
      List<HistoryEvent> events =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(execution)
                      .setHistoryEventFilterType(
                          HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                      .build())
              .getHistory()
              .getEventsList();
      return events.stream()
          .filter(HistoryEvent::hasWorkflowExecutionTerminatedEventAttributes)
          .map(e -> e.getWorkflowExecutionTerminatedEventAttributes().getReason())
          .filter(r -> !r.isBlank())
          .findFirst();
    } catch (StatusRuntimeException unavailable) {
      return Optional.empty();
    }
  }
}
