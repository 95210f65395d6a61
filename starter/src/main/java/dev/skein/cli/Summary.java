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
    } else if (result.error() != null) {
      out.println(
          "error: " + result.error().type() + ": " + Format.oneLine(result.error().message(), 300));
    }
    int lastLevel = -1;
    for (StepRecord s : Format.steps(result)) {
      if (s.status() == StepStatus.SUCCEEDED) {
        lastLevel = Math.max(lastLevel, s.level());
      }
    }
    // The outputs of the deepest level are usually what the pipeline was for.
    for (StepRecord s : Format.steps(result)) {
      if (s.status() == StepStatus.SUCCEEDED && s.level() == lastLevel && s.output() != null) {
        out.println();
        out.println("── " + s.id() + " ──");
        out.println(s.output().strip());
      }
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
