package dev.skein.engine;

import dev.skein.model.Step;
import dev.skein.output.Materializer;
import dev.skein.output.OutputValue;
import dev.skein.run.ErrorInfo;
import dev.skein.run.FailedAttempt;
import dev.skein.run.JoinRecord;
import dev.skein.run.ProgressQuery;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskCounts;
import dev.skein.run.TaskRecord;
import dev.skein.run.Usage;
import dev.skein.template.StepOutput;
import java.util.ArrayList;
import java.util.List;

/** One step as the run state holds it (mutable; only the workflow thread touches it). */
final class StepState {
  final Step step;
  final int level;
  StepStatus status = StepStatus.PENDING;
  int attempts;
  String launchedAt;
  String completedAt;
  ErrorInfo error;
  String reason;

  /** What the agent was asked, once it was (see {@link RequestDigest}). */
  String requestDigest;

  /** The run a retry took this step's output from, when it did. */
  String reusedFrom;

  /**
   * The step's output once it has one: inline text or a stored reference for an agent step, its
   * tasks' outputs for a fan-out, its branches for a join. Set once, when the step ends.
   */
  OutputValue value;

  /** How its agent's failed attempts failed when it was retried; null when none did. */
  List<FailedAttempt> failures;

  /** What the step's agents spent: its own, or (a fan-out) the sum over its finished tasks. */
  Usage usage;

  /** How many calls of this step reported usage: the base of the estimate for those in flight. */
  int callsReported;

  /** Set when the step's budget was used up: it then fails with this error once it drains. */
  ErrorInfo overBudget;

  /** What templates read, put together on first use and kept (see {@link #view}). */
  private StepOutput view;

  /** Fan-out tasks in input order; empty until {@code for_each} renders, null for other steps. */
  final List<TaskState> tasks;

  /** A fan-out's tasks by status, kept by {@link RunState}; all zero until it expands. */
  final int[] taskCounts = new int[StepStatus.values().length];

  /** Whether {@code for_each} has rendered (the task list is final). */
  boolean expanded;

  /** A fan-out too large for one workflow runs in child workflows; null otherwise. */
  ShardedFanOut shards;

  /**
   * The scheduling policy released this step and its skip checks passed: it waits only for
   * capacity. Not part of the record.
   */
  boolean released;

  /** A fan-out task failed under the step's {@code fail_fast}: launch no more of its tasks. */
  boolean failing;

  /** Position in declaration order; set by {@link RunState}. Orders the dispatcher's work. */
  int order;

  /** Every task before this index is past {@code pending}: where the next launch looks first. */
  int nextTask;

  /** Agent slots this step holds now (activities, or child workflows' allotments). */
  int inFlight;

  /** Its gates that wait for a decision now: the step's own, or its tasks'. */
  final List<Gate> gates = new ArrayList<>();

  /** A {@code retry} decision's replacement prompt: the next launch asks this instead. */
  String promptOverride;

  StepState(Step step, int level) {
    this.step = step;
    this.level = level;
    this.tasks = step.isFanOut() ? new ArrayList<>() : null;
  }

  String id() {
    return step.id();
  }

  /** This step as the next execution of its run gets it. */
  CarriedRun.Step carried() {
    return new CarriedRun.Step(
        step.id(),
        status,
        attempts,
        launchedAt,
        completedAt,
        value,
        error,
        reason,
        released,
        expanded,
        failing,
        tasks == null ? null : tasks.stream().map(TaskState::carried).toList(),
        shards == null ? null : shards.finishedRecords(),
        requestDigest,
        reusedFrom,
        usage,
        failures);
  }

  /** Takes back what {@link #carried} kept; the step must be in the state it was created in. */
  void restore(CarriedRun.Step c) {
    status = c.status();
    attempts = c.attempts();
    launchedAt = c.launchedAt();
    completedAt = c.completedAt();
    value = c.value();
    error = c.error();
    reason = c.reason();
    released = c.released();
    expanded = c.expanded();
    failing = c.failing();
    requestDigest = c.requestDigest();
    reusedFrom = c.reusedFrom();
    usage = c.usage();
    failures = c.failures();
    callsReported = usage == null || c.tasks() != null ? 0 : 1;
    if (tasks != null && c.tasks() != null) {
      for (CarriedRun.Task t : c.tasks()) {
        TaskState task = new TaskState(t.index(), t.item());
        task.status = t.status();
        task.value = t.value();
        task.error = t.error();
        task.attempts = t.attempts();
        task.launchedAt = t.launchedAt();
        task.completedAt = t.completedAt();
        task.requestDigest = t.requestDigest();
        task.reusedFrom = t.reusedFrom();
        task.usage = t.usage();
        task.failures = t.failures();
        if (t.usage() != null) {
          callsReported++;
        }
        tasks.add(task);
        taskCounts[task.status.ordinal()]++;
      }
    }
  }

  boolean isFinal() {
    return status.isFinal();
  }

  int finalTasks() {
    return taskCounts[StepStatus.SUCCEEDED.ordinal()]
        + taskCounts[StepStatus.FAILED.ordinal()]
        + taskCounts[StepStatus.CANCELLED.ordinal()]
        + taskCounts[StepStatus.SKIPPED.ordinal()];
  }

  String kindName() {
    return switch (step.kind()) {
      case AGENT -> "agent";
      case FAN_OUT -> "fan_out";
      case JOIN -> "join";
      case APPROVAL -> "approval";
    };
  }

  /**
   * What templates and conditions see of this step once it is final: its output, or for a failed
   * step without one its error envelope; null when it has neither.
   */
  OutputValue templateValue() {
    if (value != null) {
      return value;
    }
    if (status == StepStatus.FAILED && error != null) {
      return OutputValue.failure(error);
    }
    return null;
  }

  /** The template view of {@link #templateValue}, built once and shared by every context. */
  StepOutput view(Materializer materializer) {
    if (view == null) {
      OutputValue v = templateValue();
      view = v == null ? null : materializer.view(v);
    }
    return view;
  }

  TaskCounts counts() {
    if (tasks == null || !expanded) {
      return null;
    }
    return TaskCounts.fromArray(tasks.size(), taskCounts);
  }

  StepRecord record(ProgressQuery query) {
    boolean agentOutput = query.outputs() && value != null && value.join() == null;
    boolean derivedJoin = value != null && value.join() != null;
    List<TaskRecord> taskRecords =
        tasks == null || !query.tasks()
            ? null
            : tasks.stream()
                .map(t -> query.outputs() ? t.record() : t.record().withOutput(null))
                .toList();
    boolean plainOutput = agentOutput && value.items() == null;
    return StepRecord.builder(step.id(), kindName(), status)
        .agent(step.agent().orElse(null))
        .level(level)
        .attempts(attempts)
        .launchedAt(launchedAt)
        .completedAt(completedAt)
        .output(plainOutput ? value.text() : null)
        .outputRef(plainOutput ? value.ref() : null)
        .join(
            derivedJoin
                ? new JoinRecord(
                    value.join().mode(), value.join().branches().stream().map(b -> b.id()).toList())
                : null)
        .error(error)
        .reason(reason)
        .taskCounts(counts())
        .tasks(taskRecords)
        .shards(shards == null ? null : shards.records(query))
        .requestDigest(requestDigest)
        .reusedFrom(reusedFrom)
        .reusedTasks(reusedTasks())
        .usage(usage)
        .failures(failures)
        .waiting(gates.isEmpty() ? null : gates.stream().map(Gate::record).toList())
        .build();
  }

  /** How many tasks a retry reused, null when none (or not a fan-out). */
  private Integer reusedTasks() {
    if (tasks == null) {
      return null;
    }
    int n = 0;
    for (TaskState t : tasks) {
      n += t.reusedFrom == null ? 0 : 1;
    }
    return n == 0 ? null : n;
  }
}
