package dev.skein.engine;

import dev.skein.output.OutputValue;
import dev.skein.run.ErrorInfo;
import dev.skein.run.ProgressQuery;
import dev.skein.run.RunEvent;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import dev.skein.run.Usage;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * The one state of a run: every step and task record, the event log, the run's status. The {@code
 * progress} and {@code events} queries, the result and the current details are all views of it.
 * Every change goes through a method here so the event, the log line and the counts the views read
 * stay in step.
 *
 * <p>The current details are published once per dispatcher turn ({@link #publishDetails}), not per
 * event: a query only ever sees the value the workflow thread left before it blocked, and a table
 * over all steps per event made a wide level quadratic.
 */
final class RunState {

  private static final Logger log = Workflow.getLogger(RunState.class);

  /** Runs with more steps than this show a summary and the most telling rows, not every step. */
  static final int MAX_DETAIL_ROWS = 30;

  private final String workflowId;
  private final String runId;
  private final String pipeline;
  private final String startedAt;
  private final Map<String, StepState> steps = new LinkedHashMap<>();
  private final List<RunEvent> events = new ArrayList<>();

  /** The sequence number of {@code events.get(0)}; above 1 after a continue-as-new. */
  private long firstSeq = 1;

  private RunStatus status = RunStatus.RUNNING;
  private String completedAt;
  private ErrorInfo error;

  /** The run a retry reuses outputs from; null for a run that is not a retry. */
  private dev.skein.run.SourceRun resumedFrom;

  /** Steps in the order they reached a final status; policies read it from their own cursor. */
  private final List<StepState> finished = new ArrayList<>();

  private final Map<StepStatus, Integer> counts = new EnumMap<>(StepStatus.class);
  private final TreeMap<Integer, StepState> running = new TreeMap<>();
  private final TreeMap<Integer, StepState> failed = new TreeMap<>();
  private long publishedEvents = -1;

  RunState(String workflowId, String runId, String pipeline, List<StepState> steps) {
    this(workflowId, runId, pipeline, steps, null);
  }

  /**
   * A run's state; {@code carried} (with the steps already restored from it) continues a run that
   * continued as new.
   */
  RunState(
      String workflowId, String runId, String pipeline, List<StepState> steps, CarriedRun carried) {
    this.workflowId = workflowId;
    this.runId = runId;
    this.pipeline = pipeline;
    this.startedAt = carried == null ? now() : carried.startedAt();
    for (StepState s : steps) {
      s.order = this.steps.size();
      this.steps.put(s.id(), s);
      counts.merge(s.status, 1, Integer::sum);
      if (s.status == StepStatus.RUNNING) {
        running.put(s.order, s);
      } else if (s.status == StepStatus.FAILED) {
        failed.put(s.order, s);
      }
      if (s.isFinal()) {
        finished.add(s);
      }
    }
    if (carried != null) {
      events.addAll(carried.events());
      firstSeq = carried.events().isEmpty() ? carried.nextSeq() : carried.events().get(0).seq();
    }
  }

  /** What the next execution needs to go on where this one stops. */
  CarriedRun carried(
      long deadlineMillis,
      String firstFailure,
      int executions,
      BudgetRaise budgetRaised,
      List<CarriedRun.Gate> gates) {
    List<RunEvent> kept =
        events.subList(Math.max(0, events.size() - CarriedRun.EVENTS_KEPT), events.size());
    return new CarriedRun(
        startedAt,
        deadlineMillis,
        firstSeq + events.size(),
        List.copyOf(kept),
        steps.values().stream().map(StepState::carried).toList(),
        firstFailure,
        executions,
        budgetRaised,
        gates);
  }

  static String now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString();
  }

  /** Whether the run has reached its final status. */
  boolean isFinished() {
    return status != RunStatus.RUNNING;
  }

  /** Every step, in declaration order. */
  Collection<StepState> steps() {
    return Collections.unmodifiableCollection(steps.values());
  }

  StepState step(String id) {
    return steps.get(id);
  }

  /** Steps in the order they reached a final status (each once). */
  List<StepState> finished() {
    return Collections.unmodifiableList(finished);
  }

  /** How many steps have reached a final status. */
  int finalCount() {
    return finished.size();
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

  /** The run result: every output once (stored ones as references), every task. */
  RunResult snapshot() {
    return snapshot(ProgressQuery.FULL);
  }

  /** The run as {@code progress} answers it: lean unless the query asks for more. */
  RunResult snapshot(ProgressQuery query) {
    return new RunResult(
        workflowId,
        runId,
        pipeline,
        status,
        startedAt,
        completedAt,
        error,
        steps.values().stream().map(s -> s.record(query)).toList(),
        resumedFrom,
        Usage.sum(steps.values().stream().map(s -> s.usage).toList()));
  }

  /** This run is a retry of {@code source}. */
  void resumedFrom(dev.skein.run.SourceRun source) {
    resumedFrom = source;
  }

  /** At most {@code max} events after {@code afterSeq}, in order. */
  List<RunEvent> eventsAfter(long afterSeq, int max) {
    if (events.isEmpty()) {
      return List.of();
    }
    // Sequence numbers are dense from the first kept event: find the start without a scan.
    long first = events.get(0).seq();
    int from = (int) Math.max(0, Math.min(events.size(), afterSeq - first + 1));
    int to = (int) Math.min(events.size(), (long) from + Math.max(0, max));
    return List.copyOf(events.subList(from, to));
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
    publishDetails();
  }

  // ---- step transitions ----

  void stepStarted(StepState step) {
    setStatus(step, StepStatus.RUNNING);
    step.launchedAt = now();
    append(RunEvent.STEP_STARTED, step.id(), null, step.status.wireName(), null);
  }

  void taskStarted(StepState step, TaskState task) {
    if (step.status == StepStatus.PENDING) {
      stepStarted(step);
    }
    setTaskStatus(step, task, StepStatus.RUNNING);
    task.launchedAt = now();
    append(RunEvent.STEP_STARTED, step.id(), task.index, task.status.wireName(), null);
  }

  /** A fan-out's items rendered: its tasks exist, all pending. */
  void expanded(StepState step) {
    step.expanded = true;
    step.taskCounts[StepStatus.PENDING.ordinal()] = step.tasks.size();
  }

  void stepSucceeded(StepState step, OutputValue value, int attempts) {
    step.value = value;
    step.attempts = attempts;
    finish(step, StepStatus.SUCCEEDED, null, null);
  }

  /** The detail of the event of a step or task a retry reused. */
  static String reusedDetail(String from) {
    return "reused from " + from;
  }

  /** A retry took the step's output from the run it resumes: no agent ran. */
  void stepReused(StepState step, OutputValue value, int attempts, String from) {
    step.value = value;
    step.attempts = attempts;
    step.reusedFrom = from;
    setStatus(step, StepStatus.SUCCEEDED);
    step.error = null;
    step.reason = null;
    step.completedAt = now();
    append(
        RunEvent.STEP_COMPLETED,
        step.id(),
        null,
        StepStatus.SUCCEEDED.wireName(),
        reusedDetail(from));
  }

  /** A retry took the task's output from the run it resumes: no agent ran. */
  void taskReused(StepState step, TaskState task, OutputValue value, int attempts, String from) {
    if (step.status == StepStatus.PENDING) {
      stepStarted(step);
    }
    task.value = value;
    task.attempts = attempts;
    task.reusedFrom = from;
    setTaskStatus(step, task, StepStatus.SUCCEEDED);
    task.error = null;
    task.completedAt = now();
    append(
        RunEvent.STEP_COMPLETED,
        step.id(),
        task.index,
        StepStatus.SUCCEEDED.wireName(),
        reusedDetail(from));
  }

  /** Tasks a child workflow of a sharded fan-out runs now count as running. */
  void shardStarted(StepState step, int first, int count) {
    if (step.status == StepStatus.PENDING) {
      stepStarted(step);
    }
    String at = now();
    for (int i = first; i < first + count; i++) {
      TaskState task = step.tasks.get(i);
      if (task.status == StepStatus.PENDING) {
        setTaskStatus(step, task, StepStatus.RUNNING);
        task.launchedAt = at;
      }
    }
  }

  /** A gate opened or ended: a progress event whose detail says what it waits for or how. */
  void gateEvent(StepState step, TaskState task, String detail) {
    append(
        RunEvent.STEP_PROGRESS,
        step.id(),
        task == null ? null : task.index,
        task == null ? step.status.wireName() : task.status.wireName(),
        detail);
  }

  /** One summary event for a range of tasks a child workflow finished. */
  void shardProgress(StepState step, String detail) {
    append(RunEvent.STEP_PROGRESS, step.id(), null, step.status.wireName(), detail);
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

  /**
   * Ends a fan-out step from its tasks: it succeeds when every task succeeded. Its output, the
   * tasks' outputs in input order, is put together here once.
   */
  void fanOutFinished(StepState step, String cancelReason) {
    fanOutFinished(step, cancelReason, null);
  }

  /** As above; {@code overBudget} fails it with that error when no task failed on its own. */
  void fanOutFinished(StepState step, String cancelReason, ErrorInfo overBudget) {
    step.attempts = step.tasks.stream().mapToInt(t -> t.attempts).max().orElse(0);
    step.value = OutputValue.array(step.tasks.stream().map(TaskState::element).toList());
    TaskState failed =
        step.tasks.stream().filter(t -> t.status == StepStatus.FAILED).findFirst().orElse(null);
    if (failed != null) {
      finish(step, StepStatus.FAILED, taskError(failed), null);
    } else if (overBudget != null) {
      finish(step, StepStatus.FAILED, overBudget, null);
    } else if (step.taskCounts[StepStatus.SUCCEEDED.ordinal()] == step.tasks.size()) {
      if (!step.tasks.isEmpty() && step.tasks.stream().allMatch(t -> t.reusedFrom != null)) {
        step.reusedFrom = step.tasks.get(0).reusedFrom;
      }
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

  void taskSucceeded(StepState step, TaskState task, OutputValue value, int attempts) {
    task.value = value;
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
    setStatus(step, to);
    step.error = stepError;
    step.reason = reason;
    step.completedAt = now();
    String detail = stepError != null ? stepError.type() + ": " + stepError.message() : reason;
    append(eventType(to), step.id(), null, to.wireName(), detail);
  }

  private void finishTask(
      StepState step, TaskState task, StepStatus to, ErrorInfo taskError, String reason) {
    setTaskStatus(step, task, to);
    task.error = taskError;
    task.completedAt = now();
    String detail = taskError != null ? taskError.type() + ": " + taskError.message() : reason;
    append(eventType(to), step.id(), task.index, to.wireName(), detail);
  }

  /**
   * Records a task's end that a child workflow reported, without an event per task (the parent's
   * history and event log stay small at any fan-out size).
   */
  void taskReported(
      StepState step,
      TaskState task,
      StepStatus to,
      OutputValue value,
      ErrorInfo taskError,
      int attempts,
      String launchedAt,
      String completedAt) {
    setTaskStatus(step, task, to);
    task.value = value;
    task.error = taskError;
    task.attempts = attempts;
    task.launchedAt = launchedAt == null ? task.launchedAt : launchedAt;
    task.completedAt = completedAt == null ? now() : completedAt;
  }

  /**
   * What an agent spent, from its result or failure: a task's counts toward its fan-out's total.
   * Null (nothing reported) changes nothing.
   */
  /** What the run's agents have spent so far; null when none reported anything. */
  Usage spent() {
    return Usage.sum(steps.values().stream().map(s -> s.usage).toList());
  }

  void spent(StepState step, TaskState task, Usage usage) {
    if (usage == null) {
      return;
    }
    if (task != null) {
      task.usage = Usage.add(task.usage, usage);
    }
    step.usage = Usage.add(step.usage, usage);
    step.callsReported++;
  }

  /** A task a child reported failed gets the event a failed task always has. */
  void taskFailureEvent(StepState step, TaskState task) {
    ErrorInfo e = task.error;
    append(
        RunEvent.STEP_FAILED,
        step.id(),
        task.index,
        task.status.wireName(),
        e == null ? null : e.type() + ": " + e.message());
  }

  /** A task a child never started (it stopped early) waits again. */
  /** A paused step a decision retries: it waits for a slot again, like a step that never ran. */
  void stepBackToPending(StepState step) {
    setStatus(step, StepStatus.PENDING);
    step.launchedAt = null;
  }

  void taskBackToPending(StepState step, TaskState task) {
    setTaskStatus(step, task, StepStatus.PENDING);
    task.launchedAt = null;
  }

  /** Cancels many tasks that never started with one event, so a large fan-out's log stays short. */
  void tasksCancelled(StepState step, List<TaskState> tasks, String reason) {
    String at = now();
    for (TaskState task : tasks) {
      setTaskStatus(step, task, StepStatus.CANCELLED);
      task.completedAt = at;
    }
    append(
        RunEvent.STEP_CANCELLED,
        step.id(),
        null,
        StepStatus.CANCELLED.wireName(),
        tasks.size() + " tasks that had not started: " + reason);
  }

  private static void setTaskStatus(StepState step, TaskState task, StepStatus to) {
    step.taskCounts[task.status.ordinal()]--;
    step.taskCounts[to.ordinal()]++;
    task.status = to;
  }

  /** The one place a step's status changes, so the counts and the lists stay true. */
  private void setStatus(StepState step, StepStatus to) {
    StepStatus from = step.status;
    step.status = to;
    counts.merge(from, -1, Integer::sum);
    counts.merge(to, 1, Integer::sum);
    if (from == StepStatus.RUNNING) {
      running.remove(step.order);
    }
    if (from == StepStatus.FAILED) {
      failed.remove(step.order);
    }
    if (to == StepStatus.RUNNING) {
      running.put(step.order, step);
    } else if (to == StepStatus.FAILED) {
      failed.put(step.order, step);
    }
    if (!from.isFinal() && to.isFinal()) {
      finished.add(step);
    }
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
    RunEvent event =
        new RunEvent(firstSeq + events.size(), type, step, task, eventStatus, now(), detail);
    events.add(event);
    String label = step == null ? "-" : task == null ? step : step + "#" + task;
    log.info(
        "pipeline={} step={} status={} event={}{}",
        pipeline,
        label,
        eventStatus,
        type,
        detail == null ? "" : " detail=" + detail);
  }

  /**
   * Sets the Temporal UI's current details if anything happened since the last call. The dispatcher
   * calls it before each wait; {@link #runFinished} calls it last.
   */
  void publishDetails() {
    if (publishedEvents == events.size()) {
      return;
    }
    publishedEvents = events.size();
    Workflow.setCurrentDetails(details());
  }

  /**
   * The short markdown table the Temporal UI shows for this run: a count per status, then every
   * step in declaration order, or for a large run at most {@link #MAX_DETAIL_ROWS} rows (running
   * steps, then failed ones, then the rest, each in declaration order). Its cost does not grow with
   * the number of steps beyond that.
   */
  String details() {
    StringBuilder table = new StringBuilder();
    table.append("**").append(pipeline).append("** · ").append(status.wireName()).append("\n\n");
    StringBuilder summary = new StringBuilder();
    for (StepStatus s : StepStatus.values()) {
      int n = counts.getOrDefault(s, 0);
      if (n > 0) {
        summary
            .append(summary.length() == 0 ? "" : " · ")
            .append(n)
            .append(' ')
            .append(s.wireName());
      }
    }
    if (summary.length() > 0) {
      table.append(steps.size()).append(" steps: ").append(summary).append("\n\n");
    }
    Usage spent = spent();
    if (spent != null) {
      table
          .append("spent: ")
          .append(spent.totalTokens())
          .append(" tokens (")
          .append(spent.inputTokens())
          .append(" in, ")
          .append(spent.outputTokens())
          .append(" out)")
          .append(
              spent.costUsd() == null
                  ? ""
                  : String.format(java.util.Locale.ROOT, " · $%.4f", spent.costUsd()))
          .append("\n\n");
    }
    table.append("| step | status | attempts |\n|---|---|---|\n");
    int rows = 0;
    if (steps.size() <= MAX_DETAIL_ROWS) {
      for (StepState s : steps.values()) {
        row(table, s);
      }
      return table.toString();
    }
    for (StepState s : running.values()) {
      if (rows == MAX_DETAIL_ROWS) {
        break;
      }
      row(table, s);
      rows++;
    }
    for (StepState s : failed.values()) {
      if (rows == MAX_DETAIL_ROWS) {
        break;
      }
      row(table, s);
      rows++;
    }
    for (StepState s : steps.values()) {
      if (rows == MAX_DETAIL_ROWS) {
        break;
      }
      if (s.status != StepStatus.RUNNING && s.status != StepStatus.FAILED) {
        row(table, s);
        rows++;
      }
    }
    table.append("\n… and ").append(steps.size() - rows).append(" more steps\n");
    return table.toString();
  }

  private static void row(StringBuilder table, StepState s) {
    String name = s.id();
    if (s.tasks != null && !s.tasks.isEmpty()) {
      name += " (" + s.finalTasks() + "/" + s.tasks.size() + ")";
    }
    table
        .append("| ")
        .append(name)
        .append(" | ")
        .append(s.reusedFrom != null ? "reused" : s.status.wireName())
        .append(" | ")
        .append(s.attempts == 0 ? "" : String.valueOf(s.attempts))
        .append(" |\n");
  }
}
