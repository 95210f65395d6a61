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
    @JsonInclude(JsonInclude.Include.NON_NULL) List<FailedAttempt> failures) {

  public static final int MAX_ITEM_CHARS = 200;

  /** A record without a request digest (a task that never launched, or an older engine's). */
  public TaskRecord(
      int index,
      JsonNode item,
      StepStatus status,
      String output,
      OutputRef outputRef,
      ErrorInfo error,
      int attempts,
      String launchedAt,
      String completedAt) {
    this(
        index,
        item,
        status,
        output,
        outputRef,
        error,
        attempts,
        launchedAt,
        completedAt,
        null,
        null,
        null,
        null);
  }

  /** A record without failed attempts (as engines before them wrote it). */
  public TaskRecord(
      int index,
      JsonNode item,
      StepStatus status,
      String output,
      OutputRef outputRef,
      ErrorInfo error,
      int attempts,
      String launchedAt,
      String completedAt,
      String requestDigest,
      String reusedFrom,
      Usage usage) {
    this(
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
        null);
  }

  public TaskRecord withOutput(String text) {
    return new TaskRecord(
        index,
        item,
        status,
        text,
        null,
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
