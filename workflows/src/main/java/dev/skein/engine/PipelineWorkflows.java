package dev.skein.engine;

import dev.skein.resume.ResumeActivitiesImpl;
import dev.skein.visibility.VisibilityActivitiesImpl;
import io.temporal.common.converter.DataConverterException;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;

/**
 * How a worker hosts the {@code AgentPipeline} workflow. Workers call {@link #register(Worker)}
 * instead of registering {@link AgentPipelineImpl} themselves, so every worker gets the same
 * implementation options.
 */
public final class PipelineWorkflows {

  private PipelineWorkflows() {}

  /**
   * Registers {@link AgentPipelineImpl}, and {@link FanOutShardImpl} for its large fan-outs, on
   * {@code worker} with {@link #options()}, and the local activity with which a run learns which of
   * Skein's search attributes its namespace has ({@link VisibilityActivitiesImpl}). A worker that
   * hosts the workflow must answer it: the SDK fails every workflow task that calls a local
   * activity its worker does not have. {@link ResumeActivitiesImpl} answers {@code
   * LoadResumeSource}, with which a retry reads the run it resumes.
   */
  public static void register(Worker worker) {
    worker.registerWorkflowImplementationTypes(
        options(), AgentPipelineImpl.class, FanOutShardImpl.class);
    worker.registerActivitiesImplementations(
        new VisibilityActivitiesImpl(), new ResumeActivitiesImpl());
  }

  /**
   * By default the SDK retries a workflow task forever when workflow code throws; input that cannot
   * even be decoded into {@link PipelineInput} would leave the run RUNNING and retrying. A {@link
   * DataConverterException} therefore fails the run instead.
   */
  public static WorkflowImplementationOptions options() {
    return WorkflowImplementationOptions.newBuilder()
        .setFailWorkflowExceptionTypes(DataConverterException.class)
        .build();
  }
}
