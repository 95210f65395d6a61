package dev.skein.output;

import dev.skein.run.ErrorInfo;
import dev.skein.run.OutputRef;
import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A run result with every output in full: stored outputs read back, large joins put together from
 * their branches. What {@code skein result --json} prints and the Java client returns. A fan-out's
 * step record stays without an array (its tasks hold the outputs), so nothing is printed twice.
 */
public final class Results {

  private Results() {}

  /** The result with stored parts read through {@code fetch}. */
  public static RunResult resolve(RunResult result, Function<OutputRef, String> fetch) {
    if (result == null || result.steps() == null) {
      return result;
    }
    Materializer materializer = new Materializer(fetch);
    Map<String, StepRecord> byId = new HashMap<>();
    result.steps().forEach(s -> byId.put(s.id(), s));
    List<StepRecord> steps =
        result.steps().stream().map(s -> resolve(s, byId, materializer, fetch)).toList();
    return new RunResult(
        result.workflowId(),
        result.runId(),
        result.pipeline(),
        result.status(),
        result.startedAt(),
        result.completedAt(),
        result.error(),
        steps);
  }

  /** Whether anything in the result is stored or derived (so resolving it would change it). */
  public static boolean hasReferences(RunResult result) {
    return result != null
        && result.steps() != null
        && result.steps().stream()
            .anyMatch(
                s ->
                    s.outputRef() != null
                        || s.join() != null
                        || (s.tasks() != null
                            && s.tasks().stream().anyMatch(t -> t.outputRef() != null)));
  }

  private static StepRecord resolve(
      StepRecord step,
      Map<String, StepRecord> byId,
      Materializer materializer,
      Function<OutputRef, String> fetch) {
    StepRecord resolved = step;
    if (step.tasks() != null && step.tasks().stream().anyMatch(t -> t.outputRef() != null)) {
      resolved =
          resolved.withTasks(
              step.tasks().stream()
                  .map(t -> t.outputRef() == null ? t : t.withOutput(fetch.apply(t.outputRef())))
                  .toList());
    }
    if (step.outputRef() != null) {
      return resolved.withOutput(fetch.apply(step.outputRef()));
    }
    if (step.join() != null) {
      return resolved.withOutput(materializer.text(valueOf(step, byId)));
    }
    return resolved;
  }

  /** A step's output as a value, rebuilt from the records (for joins made of branches). */
  static OutputValue valueOf(StepRecord step, Map<String, StepRecord> byId) {
    if (step.join() != null) {
      List<JoinValue.Branch> branches =
          step.join().branches().stream()
              .map(byId::get)
              .filter(b -> b != null)
              .map(b -> new JoinValue.Branch(b.id(), branchValue(b, byId)))
              .toList();
      return OutputValue.joined(new JoinValue(step.join().mode(), branches));
    }
    if (step.tasks() != null) {
      return OutputValue.array(step.tasks().stream().map(Results::element).toList());
    }
    if (step.outputRef() != null) {
      return OutputValue.stored(step.outputRef());
    }
    return OutputValue.inline(step.output() == null ? "" : step.output());
  }

  private static OutputValue branchValue(StepRecord branch, Map<String, StepRecord> byId) {
    if (branch.status() == StepStatus.FAILED && branch.error() != null) {
      return OutputValue.failure(branch.error());
    }
    return valueOf(branch, byId);
  }

  private static OutputValue element(TaskRecord task) {
    if (task.status() == StepStatus.SUCCEEDED) {
      return task.outputRef() != null
          ? OutputValue.stored(task.outputRef())
          : OutputValue.inline(task.output() == null ? "" : task.output());
    }
    if (task.error() != null) {
      return OutputValue.failure(task.error());
    }
    return OutputValue.failure(
        new ErrorInfo("Cancelled", "task " + task.index() + " was " + task.status(), false));
  }
}
