package dev.skein.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The run a retry resumes, as {@code resume_from} in the workflow input: the run reads that run's
 * records (through {@code LoadResumeSource}) and reuses every step and fan-out task that succeeded
 * there and is asked exactly the same now.
 *
 * @param workflowId the source run's workflow id
 * @param runId one execution of it; null for the latest (a run that continued as new keeps its
 *     records in its latest execution)
 * @param rerun steps that run again whatever the source holds, and everything downstream of them
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResumeFrom(String workflowId, String runId, List<String> rerun) {

  public ResumeFrom {
    rerun = rerun == null ? List.of() : List.copyOf(rerun);
  }

  /** The latest execution of {@code workflowId}, nothing forced. */
  public ResumeFrom(String workflowId) {
    this(workflowId, null, List.of());
  }
}
