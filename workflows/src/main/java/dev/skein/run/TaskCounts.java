package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** How a fan-out's tasks stand; every task is counted once. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskCounts(
    int total, int pending, int running, int succeeded, int failed, int cancelled) {

  /** Counts of tasks with these statuses (a null status counts as pending). */
  public static TaskCounts of(java.util.Collection<StepStatus> statuses) {
    int[] c = new int[StepStatus.values().length];
    statuses.forEach(s -> c[(s == null ? StepStatus.PENDING : s).ordinal()]++);
    return fromArray(statuses.size(), c);
  }

  /**
   * Counts kept as an array indexed by {@link StepStatus#ordinal()}; skipped counts as cancelled.
   */
  public static TaskCounts fromArray(int total, int[] byStatus) {
    return new TaskCounts(
        total,
        byStatus[StepStatus.PENDING.ordinal()],
        byStatus[StepStatus.RUNNING.ordinal()],
        byStatus[StepStatus.SUCCEEDED.ordinal()],
        byStatus[StepStatus.FAILED.ordinal()],
        byStatus[StepStatus.CANCELLED.ordinal()] + byStatus[StepStatus.SKIPPED.ordinal()]);
  }

  /** Tasks that reached a final status. */
  public int done() {
    return succeeded + failed + cancelled;
  }

  public TaskCounts plus(TaskCounts o) {
    return new TaskCounts(
        total + o.total,
        pending + o.pending,
        running + o.running,
        succeeded + o.succeeded,
        failed + o.failed,
        cancelled + o.cancelled);
  }
}
