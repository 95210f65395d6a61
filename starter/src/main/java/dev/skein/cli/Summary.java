package dev.skein.cli;

import dev.skein.client.RunHandle;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import java.io.PrintStream;
import java.time.Instant;

/** What a person sees when a run ends: the table (unless it is already on screen) and outputs. */
final class Summary {

  private Summary() {}

  static void print(RunResult result, PrintStream out, boolean tableShown) {
    if (!tableShown) {
      out.print(StatusTable.render(result, Instant.now()));
    }
    if (result.status() == RunStatus.SUCCEEDED) {
      printOutputs(result, out);
    } else if (tableShown) {
      // Without the live table, the table just printed already ends with the errors.
      printFailure(result, out);
    }
    out.println();
    if (result.resumedFrom() != null) {
      long reused = Format.steps(result).stream().filter(s -> s.reusedFrom() != null).count();
      out.println(
          "retry of "
              + result.resumedFrom().workflowId()
              + ": "
              + reused
              + " of "
              + Words.count(Format.steps(result).size(), "step")
              + " reused");
    }
    out.println(
        "run "
            + outcome(result)
            + " in "
            + Format.runElapsed(result, Instant.now())
            + " ("
            + result.workflowId()
            + ")"
            + spend(result));
  }

  /** The outputs of the deepest level that succeeded: usually what the pipeline was for. */
  private static void printOutputs(RunResult result, PrintStream out) {
    int lastLevel = -1;
    for (StepRecord s : Format.steps(result)) {
      if (s.status() == StepStatus.SUCCEEDED) {
        lastLevel = Math.max(lastLevel, s.level());
      }
    }
    for (StepRecord s : Format.steps(result)) {
      if (s.status() == StepStatus.SUCCEEDED && s.level() == lastLevel && s.output() != null) {
        out.println();
        out.println("── " + s.id() + " ──");
        out.println(s.output().strip());
      }
    }
  }

  /**
   * A run that did not succeed ends with why: each failed step's error (with the agent's stderr
   * where it printed some) and the run's error, not with an earlier step's output.
   */
  private static void printFailure(RunResult result, PrintStream out) {
    for (StepRecord s : Format.steps(result)) {
      if (s.status() == StepStatus.FAILED && s.error() != null) {
        out.println();
        out.println("── " + s.id() + " failed ──");
        out.println(s.error().type() + ": " + Format.oneLine(s.error().message(), 300));
      }
    }
    if (result.error() != null) {
      out.println();
      out.println(
          "error: " + result.error().type() + ": " + Format.oneLine(result.error().message(), 300));
    }
  }

  /** {@code , 12.3k tokens, $0.0312} when the run's agents reported usage. */
  static String spend(RunResult result) {
    if (result.usage() == null) {
      return "";
    }
    String cost = Format.cost(result.usage());
    return ", " + Format.tokens(result.usage()) + " tokens" + (cost.isEmpty() ? "" : ", " + cost);
  }

  /** The status, or how the service ended a run the workflow did not end. */
  static String outcome(RunResult result) {
    if (result.error() != null && RunHandle.TERMINATED.equals(result.error().type())) {
      return "terminated";
    }
    if (result.error() != null && RunHandle.TIMED_OUT.equals(result.error().type())) {
      return "timed out";
    }
    return result.status() == null ? "ended" : result.status().wireName();
  }

  static int exitCode(RunResult result) {
    return result.status() == RunStatus.SUCCEEDED ? ExitCodes.OK : ExitCodes.RUN_FAILED;
  }
}
