package dev.skein.client;

import dev.skein.model.Defaults;
import java.util.Optional;

/**
 * How to start a run.
 *
 * @param workflowId the workflow id; by default {@code <pipeline>-<4 hex digits>}
 * @param taskQueue where the workflow runs; by default {@value Defaults#DEFAULT_TASK_QUEUE} (agent
 *     activities go where the pipeline's {@code task_queue} settings say)
 */
public record StartOptions(Optional<String> workflowId, Optional<String> taskQueue) {

  public static StartOptions defaults() {
    return new StartOptions(Optional.empty(), Optional.empty());
  }

  public StartOptions withWorkflowId(String id) {
    return new StartOptions(Optional.of(id), taskQueue);
  }

  public StartOptions withTaskQueue(String queue) {
    return new StartOptions(workflowId, Optional.of(queue));
  }

  public String effectiveTaskQueue() {
    return taskQueue.orElse(Defaults.DEFAULT_TASK_QUEUE);
  }
}
