package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One task of a fan-out step. Times are workflow time, ISO-8601, null until they happen.
 *
 * @param item the task's item when it is short (at most {@value #MAX_ITEM_CHARS} characters of
 *     JSON); longer items are left out, they are element {@code index} of the rendered {@code
 *     for_each}
 * @param outputRef where a large output was stored, instead of {@code output}
 * @param requestDigest hex SHA-256 of what the agent was asked for this task (see {@link
 *     StepRecord#requestDigest})
 * @param reusedFrom set when a retry took this task's output from the run it retries
 * @param usage what the task's agent spent, every attempt counted; null when it reported nothing
 * @param failures how each failed attempt of the task failed, oldest first; null when none did
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskRecord(
    int index,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode item,
    StepStatus status,
    String output,
    @JsonInclude(JsonInclude.Include.NON_NULL) OutputRef outputRef,
    ErrorInfo error,
    int attempts,
    String launchedAt,
    String completedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String requestDigest,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reusedFrom,
    @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<FailedAttempt> failures)
    implements AgentRun {

  public static final int MAX_ITEM_CHARS = 200;

  /** Task {@code index}'s record to fill in; every component not named starts null (or 0). */
  public static Builder builder(int index, StepStatus status) {
    return new Builder(index).status(status);
  }

  /** A builder holding this record's components, for a copy that changes a few of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** This record with its output (and stored reference) replaced. */
  public TaskRecord withOutput(String text) {
    return toBuilder().output(text).outputRef(null).build();
  }

  /**
   * Sets a task record's components by name, as {@link StepRecord.Builder} does a step's; the index
   * is fixed.
   */
  public static final class Builder extends AgentRun.Builder<Builder> {
    private final int index;
    private JsonNode item;

    private Builder(int index) {
      this.index = index;
    }

    private Builder(TaskRecord r) {
      this(r.index);
      copy(r);
      item = r.item;
    }

    public Builder item(JsonNode item) {
      this.item = item;
      return this;
    }

    public TaskRecord build() {
      return new TaskRecord(
          index,
          item,
          status,
          output,
          outputRef,
          error,
          attempts,
          launchedAt,
          completedAt,
          requestDigest,
          reusedFrom,
          usage,
          failures);
    }
  }
}
