package dev.skein.resume;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skein.output.OutputValue;
import java.util.List;

/**
 * What a retry may reuse of the run it resumes: every step and fan-out task that succeeded there
 * with a request digest, and its output as that run holds it (inline text, or a reference to the
 * store: never copied). Answered by {@code LoadResumeSource}.
 *
 * @param workflowId the source run's workflow id
 * @param runId the execution whose records these are
 * @param steps the reusable steps, and fan-outs with at least one reusable task
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResumeSource(String workflowId, String runId, List<Step> steps) {

  public ResumeSource {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /**
   * A step that succeeded (agent steps), or a fan-out with the tasks that did.
   *
   * @param value the output, null for a fan-out (its tasks hold theirs)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Step(
      String id, String requestDigest, OutputValue value, int attempts, List<Task> tasks) {}

  /** A fan-out task that succeeded. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Task(int index, String requestDigest, OutputValue value, int attempts) {}
}
