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
    @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

  public RunResult(
      String workflowId,
      String runId,
      String pipeline,
      RunStatus status,
      String startedAt,
      String completedAt,
      ErrorInfo error,
      List<StepRecord> steps) {
    this(workflowId, runId, pipeline, status, startedAt, completedAt, error, steps, null);
  }

  /** The total of every step's usage; null when no agent reported any. */
  public static Usage total(List<StepRecord> steps) {
    return Usage.sum(steps.stream().map(StepRecord::usage).toList());
  }
}
