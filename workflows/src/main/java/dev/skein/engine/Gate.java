package dev.skein.engine;

import dev.skein.run.ErrorInfo;
import dev.skein.run.GateRecord;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One gate that waits for a decision: an approval step, or a step or fan-out task that failed under
 * {@code on_error: pause}. It ends once, with a {@link Decision}, its timeout, or the run's stop;
 * the dispatcher then takes it in like any other completion.
 */
final class Gate {

  /** How a gate ended: a person's decision, its timeout, or the run stopping around it. */
  record End(Decision decision, boolean timedOut, String cancelled, String at) {}

  final StepState step;
  final TaskState task;
  final String kind;
  final String prompt;
  final String since;
  final String until;

  /** A paused failure: what the step or task fails with if the decision is {@code fail}. */
  final ErrorInfo error;

  final int attempts;

  final CompletablePromise<End> ended = Workflow.newPromise();

  /** Set by the first decision, before the update waits for the dispatcher to take it in. */
  End end;

  /** The dispatcher took the end in: the update may answer the step's new state. */
  boolean handled;

  private CancellationScope timer;

  private Gate(
      StepState step,
      TaskState task,
      String kind,
      String prompt,
      ErrorInfo error,
      int attempts,
      String since,
      String until) {
    this.step = step;
    this.task = task;
    this.kind = kind;
    this.prompt = prompt;
    this.error = error;
    this.attempts = attempts;
    this.since = since;
    this.until = until;
    if (until != null) {
      // A gate carried into a later execution keeps its deadline: the timer runs for what is left.
      Duration timeout =
          Duration.ofMillis(
              Math.max(1, Instant.parse(until).toEpochMilli() - Workflow.currentTimeMillis()));
      // Its own scope: a decision cancels the timer, and the run's stop cancels it with the work.
      timer =
          Workflow.newCancellationScope(
              () ->
                  Workflow.newTimer(timeout)
                      .handle(
                          (ok, failure) -> {
                            if (failure == null) {
                              finish(new End(null, true, null, RunState.now()));
                            }
                            return null;
                          }));
      timer.run();
    }
  }

  static Gate approval(StepState step, String prompt, Duration timeout) {
    return new Gate(
        step, null, GateRecord.APPROVAL, prompt, null, 0, RunState.now(), untilOf(timeout));
  }

  static Gate pause(StepState step, TaskState task, ErrorInfo error, int attempts) {
    String what =
        (task == null ? "" : "task " + task.index + " ")
            + "failed after "
            + attempts
            + (attempts == 1 ? " attempt: " : " attempts: ")
            + error.type()
            + ": "
            + error.message();
    return new Gate(
        step,
        task,
        GateRecord.PAUSE,
        what,
        error,
        attempts,
        RunState.now(),
        untilOf(step.step.pauseTimeout().orElse(null)));
  }

  /** When a gate opened now with {@code timeout} times out; null without one. */
  private static String untilOf(Duration timeout) {
    return timeout == null
        ? null
        : Instant.ofEpochMilli(Workflow.currentTimeMillis() + timeout.toMillis()).toString();
  }

  /**
   * A gate the run's previous execution left waiting, as it stood; a decision that arrived as that
   * execution ended is taken at once.
   */
  static Gate restored(StepState step, TaskState task, CarriedRun.Gate c) {
    Gate gate =
        new Gate(step, task, c.kind(), c.prompt(), c.error(), c.attempts(), c.since(), c.until());
    if (c.decision() != null) {
      gate.finish(new End(c.decision(), false, null, c.decidedAt()));
    }
    return gate;
  }

  /** This gate for the run's next execution, which starts its timer again for what is left. */
  CarriedRun.Gate carried() {
    Decision decision = end == null ? null : end.decision();
    return new CarriedRun.Gate(
        step.id(),
        task == null ? null : task.index,
        kind,
        prompt,
        since,
        until,
        error,
        attempts,
        decision,
        end == null ? null : end.at());
  }

  /** The key the dispatcher keeps it under: {@code STEP} or {@code STEP#TASK}. */
  static String key(String step, Integer task) {
    return task == null ? step : step + "#" + task;
  }

  String key() {
    return key(step.id(), task == null ? null : task.index);
  }

  List<String> accepts() {
    return kind.equals(GateRecord.APPROVAL) ? Decision.APPROVAL_ACTIONS : Decision.PAUSE_ACTIONS;
  }

  boolean isOpen() {
    return end == null;
  }

  /** Ends the gate with its first end; later ones are ignored. */
  void finish(End how) {
    if (end != null) {
      return;
    }
    end = how;
    if (timer != null && !how.timedOut()) {
      timer.cancel();
    }
    ended.complete(how);
  }

  GateRecord record() {
    return new GateRecord(task == null ? null : task.index, kind, prompt, since, until, accepts());
  }

  /** How it ended, for the validator's sentence on a decision that comes too late. */
  String howItEnded() {
    if (end == null) {
      return "it waits";
    }
    if (end.timedOut()) {
      return "its timeout ran out at " + end.at();
    }
    if (end.cancelled() != null) {
      return "it was cancelled (" + end.cancelled() + ")";
    }
    Decision d = end.decision();
    return "it was decided at "
        + end.at()
        + ": "
        + d.action()
        + (d.by() == null ? "" : " by " + d.by());
  }
}
