package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** How a fan-out's tasks stand; every task is counted once. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskCounts(
    int total, int pending, int running, int succeeded, int failed, int cancelled) {

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
