package dev.skein.resume;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Reads the records of the run a retry resumes. The workflow calls it itself, so a retry started by
 * any client (the Temporal CLI, another SDK) reuses exactly what {@code skein retry} would.
 */
@ActivityInterface
public interface ResumeActivities {

  String LOAD_RESUME_SOURCE = "LoadResumeSource";

  /**
   * The reusable records of run {@code workflowId} (execution {@code runId}, or its latest when
   * null). Fails with the non-retryable type {@code InvalidResume} when the run does not exist or
   * is still running.
   */
  @ActivityMethod(name = LOAD_RESUME_SOURCE)
  ResumeSource loadResumeSource(String workflowId, String runId);
}
