package dev.skein.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skein.output.OutputValue;
import dev.skein.run.ErrorInfo;
import dev.skein.run.FailedAttempt;
import dev.skein.run.RunEvent;
import dev.skein.run.ShardRecord;
import dev.skein.run.StepStatus;
import dev.skein.run.Usage;
import java.util.List;

/**
 * A run's state handed to its next execution when its history grows large (continue-as-new): every
 * step and task record, with outputs as they are held (inline, or references to the store, never
 * copied), the recent events and where their numbering goes on, and the deadline. Set by Skein in
 * the workflow input's {@code continued}; clients never write it.
 *
 * @param startedAt when the run's first execution started
 * @param deadlineMillis the run timeout's end in workflow time, or 0 without a timeout
 * @param nextSeq the sequence number the next event gets
 * @param events the most recent events, for watchers that fall behind
 * @param executions how many executions the run has had so far
 * @param budgetRaised what the {@code budget} update added to the run's budget so far, or null
 * @param gates the gates still waiting for a decision (engine version 5 on), or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CarriedRun(
    String startedAt,
    long deadlineMillis,
    long nextSeq,
    List<RunEvent> events,
    List<Step> steps,
    String firstFailure,
    int executions,
    BudgetRaise budgetRaised,
    List<Gate> gates) {

  /** Events kept across an execution: a watcher further behind misses the oldest. */
  static final int EVENTS_KEPT = 1000;

  /** One step as it stood. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Step(
      String id,
      StepStatus status,
      int attempts,
      String launchedAt,
      String completedAt,
      OutputValue value,
      ErrorInfo error,
      String reason,
      boolean released,
      boolean expanded,
      boolean failing,
      List<Task> tasks,
      List<ShardRecord> shards,
      String requestDigest,
      String reusedFrom,
      Usage usage,
      List<FailedAttempt> failures) {}

  /**
   * One fan-out task; {@code item} is kept only while the task still has to run, or short enough
   * for its record.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Task(
      int index,
      JsonNode item,
      StepStatus status,
      OutputValue value,
      ErrorInfo error,
      int attempts,
      String launchedAt,
      String completedAt,
      String requestDigest,
      String reusedFrom,
      Usage usage,
      List<FailedAttempt> failures) {}

  /**
   * A gate that waited when the execution ended: the next one opens it again as it stood, its
   * timeout still ending at {@code until}. {@code decision} is set when a decision arrived as the
   * execution was ending; the next one takes it in at once.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Gate(
      String step,
      Integer task,
      String kind,
      String prompt,
      String since,
      String until,
      ErrorInfo error,
      int attempts,
      Decision decision,
      String decidedAt) {}
}
