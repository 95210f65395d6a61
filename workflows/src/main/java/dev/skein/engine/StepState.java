package dev.skein.engine;

import dev.skein.model.Step;
import dev.skein.run.ErrorInfo;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
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
  String output;
  ErrorInfo error;
  String reason;

  /** Fan-out tasks in input order; empty until {@code for_each} renders, null for other steps. */
  final List<TaskState> tasks;

  /**
   * The scheduling policy released this step and its skip checks passed: it waits only for
   * capacity. Not part of the record.
   */
  boolean released;

  /** A fan-out task failed under the step's {@code fail_fast}: launch no more of its tasks. */
  boolean failing;

  /** Position in declaration order; set by {@link RunState}. Orders the dispatcher's work. */
  int order;

  /** Fan-out tasks that reached a final status; kept by {@link RunState} for the details. */
  int finalTasks;

  /** Every task before this index is past {@code pending}: where the next launch looks first. */
  int nextTask;

  /** Activities of this step in flight; kept by the dispatcher for the step's own cap. */
  int inFlight;

  StepState(Step step, int level) {
    this.step = step;
    this.level = level;
    this.tasks = step.isFanOut() ? new ArrayList<>() : null;
  }

  String id() {
    return step.id();
  }

  boolean isFinal() {
    return status.isFinal();
  }

  String kindName() {
    return switch (step.kind()) {
      case AGENT -> "agent";
      case FAN_OUT -> "fan_out";
      case JOIN -> "join";
    };
  }

  /** The output templates and the record show: a fan-out's array is built from its tasks. */
  String effectiveOutput() {
    if (step.isFanOut() && isFinal() && status != StepStatus.SKIPPED) {
      return Outputs.fanOutArray(tasks);
    }
    if (status == StepStatus.FAILED && output == null && error != null) {
      return Outputs.envelope(error).toString();
    }
    return output;
  }

  StepRecord record() {
    return new StepRecord(
        step.id(),
        kindName(),
        step.agent().orElse(null),
        status,
        level,
        attempts,
        launchedAt,
        completedAt,
        step.isFanOut() ? fanOutRecordOutput() : output,
        error,
        reason,
        tasks == null ? null : tasks.stream().map(TaskState::record).toList());
  }

  private String fanOutRecordOutput() {
    return isFinal() && status != StepStatus.SKIPPED && status != StepStatus.CANCELLED
        ? Outputs.fanOutArray(tasks)
        : null;
  }
}
