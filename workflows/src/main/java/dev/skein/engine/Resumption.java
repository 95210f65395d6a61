package dev.skein.engine;

import dev.skein.contract.FailureTypes;
import dev.skein.model.Pipeline;
import dev.skein.plan.Plan;
import dev.skein.resume.ResumeActivities;
import dev.skein.resume.ResumeSource;
import dev.skein.run.ErrorInfo;
import dev.skein.run.RunStatus;
import dev.skein.run.SourceRun;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

/**
 * The start of a retry: read the source run's records through {@code LoadResumeSource} (every
 * execution of a run that continues as new reads them again: the source has ended, so they are the
 * same) and check what {@code rerun} names. A source that cannot be used ends the run at once with
 * {@code InvalidResume}; a {@code rerun} naming no step, with {@code InvalidPipeline}.
 */
final class Resumption {

  private Resumption() {}

  static Reuse load(
      ResumeFrom from, Pipeline pipeline, Plan plan, RunState state, RunSearchAttributes attrs) {
    List<String> unknown = from.rerun().stream().filter(id -> pipeline.step(id).isEmpty()).toList();
    if (from.workflowId() == null || from.workflowId().isBlank()) {
      throw reject(
          state,
          attrs,
          FailureTypes.INVALID_RESUME,
          "resume_from has no workflow_id: name the run to retry");
    }
    if (!unknown.isEmpty()) {
      throw reject(
          state,
          attrs,
          FailureTypes.INVALID_PIPELINE,
          "resume_from.rerun names "
              + (unknown.size() == 1 ? "a step" : "steps")
              + " the pipeline does not have: "
              + String.join(", ", unknown));
    }
    ResumeActivities activities =
        Workflow.newActivityStub(
            ResumeActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(Workflow.getInfo().getTaskQueue())
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setMaximumAttempts(3)
                        .setDoNotRetry(FailureTypes.INVALID_RESUME)
                        .build())
                .setSummary("read the records of " + from.workflowId())
                .build());
    ResumeSource source;
    try {
      source = activities.loadResumeSource(from.workflowId(), from.runId());
    } catch (ActivityFailure failure) {
      if (AgentFailures.isCancellation(failure)) {
        throw new CanceledFailure("the run was cancelled");
      }
      String message =
          failure.getCause() instanceof ApplicationFailure app
              ? app.getOriginalMessage()
              : String.valueOf(failure.getCause() == null ? failure : failure.getCause());
      throw reject(state, attrs, FailureTypes.INVALID_RESUME, message);
    }
    state.resumedFrom(new SourceRun(source.workflowId(), source.runId()));
    return Reuse.of(source, from.rerun(), plan);
  }

  private static ApplicationFailure reject(
      RunState state, RunSearchAttributes attrs, String type, String message) {
    state.runFinished(RunStatus.FAILED, new ErrorInfo(type, message, false));
    attrs.finished(RunStatus.FAILED, null);
    return ApplicationFailure.newNonRetryableFailure(message, type, state.snapshot());
  }
}
