package dev.skein.client;

import dev.skein.engine.FanOutShard;
import dev.skein.run.RunResult;
import dev.skein.run.ShardRecord;
import dev.skein.run.StepRecord;
import dev.skein.run.TaskCounts;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Counts a large fan-out's tasks as they finish. The parent run learns of a child workflow's tasks
 * only when the child ends (so its own history stays small); while children run, their own {@code
 * progress} query counts them, and this folds those counts into the parent's record.
 */
final class ShardProgress {

  private ShardProgress() {}

  static RunResult merged(WorkflowClient client, RunResult progress) {
    if (progress == null || progress.steps() == null) {
      return progress;
    }
    boolean any =
        progress.steps().stream().anyMatch(s -> s.shards() != null && !s.shards().isEmpty());
    if (!any) {
      return progress;
    }
    List<StepRecord> steps = new ArrayList<>(progress.steps().size());
    for (StepRecord step : progress.steps()) {
      steps.add(merged(client, step));
    }
    return new RunResult(
        progress.workflowId(),
        progress.runId(),
        progress.pipeline(),
        progress.status(),
        progress.startedAt(),
        progress.completedAt(),
        progress.error(),
        steps);
  }

  private static StepRecord merged(WorkflowClient client, StepRecord step) {
    if (step.shards() == null || step.taskCounts() == null) {
      return step;
    }
    TaskCounts counts = step.taskCounts();
    for (ShardRecord shard : step.shards()) {
      if (!"running".equals(shard.status())) {
        continue;
      }
      Optional<TaskCounts> child = childCounts(client, shard.workflowId());
      if (child.isPresent() && child.get().total() == shard.count()) {
        // The parent counts every task of a running child as running until the child reports.
        counts =
            counts
                .plus(new TaskCounts(0, 0, -shard.count(), 0, 0, 0))
                .plus(
                    new TaskCounts(
                        0,
                        child.get().pending(),
                        child.get().running(),
                        child.get().succeeded(),
                        child.get().failed(),
                        child.get().cancelled()));
      }
    }
    return step.withCounts(counts);
  }

  private static Optional<TaskCounts> childCounts(WorkflowClient client, String workflowId) {
    try {
      WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
      return Optional.ofNullable(stub.query(FanOutShard.PROGRESS_QUERY, TaskCounts.class));
    } catch (RuntimeException notAnsweredYet) {
      return Optional.empty();
    }
  }
}
