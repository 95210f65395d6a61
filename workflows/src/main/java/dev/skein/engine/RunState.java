package dev.skein.engine;

import dev.skein.run.ErrorInfo;
import dev.skein.run.RunEvent;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The one state of a run: every step and task record, the event log, the run's status. The {@code
 * progress} and {@code events} queries, the result and the current details are all views of it.
 * Every change goes through a method here so the event, the log line and the details stay in step.
 */
final class RunState {

  private static final Logger log = Workflow.getLogger(RunState.class);

  private final String workflowId;
  private final String runId;
  private final String pipeline;
  private final String startedAt;
  private final Map<String, StepState> steps = new LinkedHashMap<>();
  private final List<RunEvent> events = new ArrayList<>();
  private RunStatus status = RunStatus.RUNNING;
  private String completedAt;
  private ErrorInfo error;

  RunState(String workflowId, String runId, String pipeline, List<StepState> steps) {
    this.workflowId = workflowId;
    this.runId = runId;
    this.pipeline = pipeline;
    this.startedAt = now();
    steps.forEach(s -> this.steps.put(s.id(), s));
  }

  static String now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString();
  }

  /** Every step, in declaration order. */
  Collection<StepState> steps() {
    return Collections.unmodifiableCollection(steps.values());
  }

  StepState step(String id) {
    return steps.get(id);
  }

  String pipeline() {
    return pipeline;
  }

  String workflowId() {
    return workflowId;
  }

  String runId() {
    return runId;
  }

  // ---- views ----

  RunResult snapshot() {
    return new RunResult(
        workflowId,
        runId,
        pipeline,
        status,
        startedAt,
        completedAt,
        error,
        steps.values().stream().map(StepState::record).toList());
  }

  List<RunEvent> eventsAfter(long afterSeq) {
    return events.stream().filter(e -> e.seq() > afterSeq).toList();
  }

  // ---- run transitions ----

  void runStarted() {
    append(RunEvent.RUN_STARTED, null, null, status.wireName(), null);
  }

  void runFinished(RunStatus finalStatus, ErrorInfo runError) {
    status = finalStatus;
    error = runError;
    completedAt = now();
    append(
        RunEvent.RUN_COMPLETED,
        null,
        null,
        status.wireName(),
        runError == null ? null : runError.message());
  }

  // ---- step transitions ----

  void stepStarted(StepState step) {
    step.status = StepStatus.RUNNING;
    step.launchedAt = now();
    append(RunEvent.STEP_STARTED, step.id(), null, step.status.wireName(), null);
  }

  void taskStarted(StepState step, TaskState task) {
    if (step.status == StepStatus.PENDING) {
      stepStarted(step);
    }
    task.status = StepStatus.RUNNING;
    task.launchedAt = now();
    append(RunEvent.STEP_STARTED, step.id(), task.index, task.status.wireName(), null);
  }

  void stepSucceeded(StepState step, String output, int attempts) {
    step.output = output;
    step.attempts = attempts;
    finish(step, StepStatus.SUCCEEDED, null, null);
  }

  void stepFailed(StepState step, ErrorInfo error, int attempts) {
    step.attempts = attempts;
    finish(step, StepStatus.FAILED, error, null);
  }

  void stepSkipped(StepState step, String reason) {
    finish(step, StepStatus.SKIPPED, null, reason);
  }

  void stepCancelled(StepState step, String reason) {
    finish(step, StepStatus.CANCELLED, null, reason);
  }

  /** Ends a fan-out step from its tasks: it succeeds when every task succeeded. */
  void fanOutFinished(StepState step, String cancelReason) {
    step.attempts = step.tasks.stream().mapToInt(t -> t.attempts).max().orElse(0);
    TaskState failed =
        step.tasks.stream().filter(t -> t.status == StepStatus.FAILED).findFirst().orElse(null);
    if (failed != null) {
      finish(step, StepStatus.FAILED, taskError(failed), null);
    } else if (step.tasks.stream().allMatch(t -> t.status == StepStatus.SUCCEEDED)) {
      finish(step, StepStatus.SUCCEEDED, null, null);
    } else {
      finish(step, StepStatus.CANCELLED, null, cancelReason);
    }
  }

  /** The error a fan-out step reports for its first failed task. */
  static ErrorInfo taskError(TaskState task) {
    return new ErrorInfo(
        task.error.type(),
        "task " + task.index + ": " + task.error.message(),
        task.error.retryable());
  }

  void taskSucceeded(StepState step, TaskState task, String output, int attempts) {
    task.output = output;
    task.attempts = attempts;
    finishTask(step, task, StepStatus.SUCCEEDED, null, null);
  }

  void taskFailed(StepState step, TaskState task, ErrorInfo error, int attempts) {
    task.attempts = attempts;
    finishTask(step, task, StepStatus.FAILED, error, null);
  }

  void taskCancelled(StepState step, TaskState task, String reason) {
    finishTask(step, task, StepStatus.CANCELLED, null, reason);
  }

  private void finish(StepState step, StepStatus to, ErrorInfo stepError, String reason) {
    step.status = to;
    step.error = stepError;
    step.reason = reason;
    step.completedAt = now();
    String detail = stepError != null ? stepError.type() + ": " + stepError.message() : reason;
    append(eventType(to), step.id(), null, to.wireName(), detail);
  }

  private void finishTask(
      StepState step, TaskState task, StepStatus to, ErrorInfo taskError, String reason) {
    task.status = to;
    task.error = taskError;
    task.completedAt = now();
    String detail = taskError != null ? taskError.type() + ": " + taskError.message() : reason;
    append(eventType(to), step.id(), task.index, to.wireName(), detail);
  }

  private static String eventType(StepStatus status) {
    return switch (status) {
      case SUCCEEDED -> RunEvent.STEP_COMPLETED;
      case FAILED -> RunEvent.STEP_FAILED;
      case CANCELLED -> RunEvent.STEP_CANCELLED;
      case SKIPPED -> RunEvent.STEP_SKIPPED;
      default -> RunEvent.STEP_STARTED;
    };
  }

  private void append(String type, String step, Integer task, String eventStatus, String detail) {
    RunEvent event = new RunEvent(events.size() + 1L, type, step, task, eventStatus, now(), detail);
    events.add(event);
    String label = step == null ? "-" : task == null ? step : step + "#" + task;
    log.info(
        "pipeline={} step={} status={} event={}{}",
        pipeline,
        label,
        eventStatus,
        type,
        detail == null ? "" : " detail=" + detail);
    Workflow.setCurrentDetails(details());
  }

  /** The short markdown table the Temporal UI shows for this run. */
  String details() {
    StringBuilder table = new StringBuilder();
    table.append("**").append(pipeline).append("** · ").append(status.wireName()).append("\n\n");
    table.append("| step | status | attempts |\n|---|---|---|\n");
    for (StepState s : steps.values()) {
      String name = s.id();
      if (s.tasks != null && !s.tasks.isEmpty()) {
        long done = s.tasks.stream().filter(t -> t.status.isFinal()).count();
        name += " (" + done + "/" + s.tasks.size() + ")";
      }
      table
          .append("| ")
          .append(name)
          .append(" | ")
          .append(s.status.wireName())
          .append(" | ")
          .append(s.attempts == 0 ? "" : String.valueOf(s.attempts))
          .append(" |\n");
    }
    return table.toString();
  }
}
