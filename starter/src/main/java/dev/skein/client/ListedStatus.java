package dev.skein.client;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.util.Arrays;
import java.util.Optional;

/**
 * A run's status as the service's visibility store knows it: Skein's four, and the two ends the
 * workflow has no say in. Listing filters on the execution status, which every run has (runs of
 * older engines, terminated runs) rather than on {@code SkeinStatus}, which a terminated run never
 * gets to update.
 */
public enum ListedStatus {
  RUNNING("running", "Running", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING),
  SUCCEEDED("succeeded", "Completed", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED),
  FAILED("failed", "Failed", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED),
  CANCELLED("cancelled", "Canceled", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED),
  TERMINATED(
      "terminated", "Terminated", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED),
  TIMED_OUT("timed_out", "TimedOut", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT);

  private final String wireName;
  private final String executionStatus;
  private final WorkflowExecutionStatus status;

  ListedStatus(String wireName, String executionStatus, WorkflowExecutionStatus status) {
    this.wireName = wireName;
    this.executionStatus = executionStatus;
    this.status = status;
  }

  public String wireName() {
    return wireName;
  }

  /** The value of the {@code ExecutionStatus} search attribute. */
  String executionStatus() {
    return executionStatus;
  }

  /** Empty for a status a listed run cannot have (continued as new, which listing leaves out). */
  static Optional<ListedStatus> of(WorkflowExecutionStatus status) {
    return Arrays.stream(values()).filter(s -> s.status == status).findFirst();
  }
}
