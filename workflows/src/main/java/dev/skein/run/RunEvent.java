package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One entry of a run's event log, as returned by the {@code events} query.
 *
 * @param seq 1-based, gap-free, increasing
 * @param type {@code run.started}, {@code step.started}, {@code step.completed}, {@code
 *     step.failed}, {@code step.cancelled}, {@code step.skipped}, {@code step.progress}, {@code
 *     run.completed}
 * @param step the step id, null for run events
 * @param task the fan-out task index, null otherwise
 * @param at workflow time, ISO-8601
 * @param detail a short human-readable sentence (error message, skip reason), may be null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunEvent(
    long seq, String type, String step, Integer task, String status, String at, String detail) {

  public static final String RUN_STARTED = "run.started";
  public static final String STEP_STARTED = "step.started";
  public static final String STEP_COMPLETED = "step.completed";
  public static final String STEP_FAILED = "step.failed";
  public static final String STEP_CANCELLED = "step.cancelled";
  public static final String STEP_SKIPPED = "step.skipped";

  /** A child workflow of a large fan-out finished a range of tasks; the detail counts them. */
  public static final String STEP_PROGRESS = "step.progress";

  /**
   * An attempt of a step's agent failed and Temporal will try again; the detail names the attempt
   * and the failure. Not in the {@code events} query (the workflow learns of retries only when the
   * call ends): {@code skein watch} reports it from the service's pending activities.
   */
  public static final String STEP_RETRYING = "step.retrying";

  public static final String RUN_COMPLETED = "run.completed";
}
