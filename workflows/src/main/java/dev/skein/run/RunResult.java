package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The run result: the workflow's result, the {@code progress} query and {@code skein --json} all
 * have this shape. Steps are in declaration order.
 *
 * @param error why the run failed or was cancelled, else null
 * @param resumedFrom the run a retry took its reused outputs from ({@code resume_from} in its
 *     input), null for a run that is not a retry
 * @param usage what the run's agents spent in total, every attempt counted; null when none reported
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunResult(
    String workflowId,
    String runId,
    String pipeline,
    RunStatus status,
    String startedAt,
    String completedAt,
    ErrorInfo error,
    List<StepRecord> steps,
    @JsonInclude(JsonInclude.Include.NON_NULL) SourceRun resumedFrom,
    @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

  /** The result of a run that is not a retry. */
  public RunResult(
      String workflowId,
      String runId,
      String pipeline,
      RunStatus status,
      String startedAt,
      String completedAt,
      ErrorInfo error,
      List<StepRecord> steps) {
    this(workflowId, runId, pipeline, status, startedAt, completedAt, error, steps, null, null);
  }

  /** The total of every step's usage; null when no agent reported any. */
  public static Usage total(List<StepRecord> steps) {
    return Usage.sum(steps.stream().map(StepRecord::usage).toList());
  }
}
