package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The run result: the workflow's result, the {@code progress} query and {@code skein --json} all
 * have this shape. Steps are in declaration order.
 *
 * @param error why the run failed or was cancelled, else null
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
    List<StepRecord> steps) {}
