package dev.skein.cli;

import dev.skein.client.DecisionRefusedException;
import dev.skein.client.RunHandle;
import dev.skein.engine.Decision;
import dev.skein.run.GateRecord;
import dev.skein.run.StepRecord;
import picocli.CommandLine.Parameters;

/**
 * A decision on a gate of a running run, sent through the workflow's {@code decide} update: what
 * {@code approve}, {@code reject} and {@code resume-step} share. A refusal exits 2 with the
 * workflow validator's sentence; nothing is written to the run's history then.
 */
abstract class DecideCommand extends ExistingRunCommand {

  @Parameters(
      index = "1",
      paramLabel = "STEP",
      description = "The step that waits; STEP#TASK for one task of a fan-out (resume-step).")
  String gate;

  /** The decision to send, for the step (and task) the command names. */
  abstract Decision decision(String step, Integer task);

  @Override
  int call(RunHandle run) {
    String step = gate;
    Integer task = null;
    int hash = gate.indexOf('#');
    if (hash >= 0) {
      step = gate.substring(0, hash);
      try {
        task = Integer.parseInt(gate.substring(hash + 1));
      } catch (NumberFormatException e) {
        throw CliException.usage(
            "'" + gate + "' names no task: write STEP#TASK with the task's index, e.g. each#3");
      }
    }
    StepRecord now;
    try {
      now = run.decide(decision(step, task));
    } catch (DecisionRefusedException e) {
      throw CliException.usage(e.getMessage());
    }
    System.out.println(describe(now));
    return ExitCodes.OK;
  }

  /** The step's state once the decision took effect: {@code ship: succeeded}. */
  private String describe(StepRecord now) {
    StringBuilder line = new StringBuilder(gate).append(": ");
    line.append(now.status().wireName());
    if (now.reason() != null) {
      line.append(" (").append(now.reason()).append(')');
    }
    if (now.waiting() != null) {
      for (GateRecord g : now.waiting()) {
        line.append("; ").append(g.label(now.id())).append(" waits");
      }
    }
    if (now.error() != null) {
      line.append(" — ").append(now.error().type()).append(": ").append(now.error().message());
    }
    return line.toString();
  }
}
