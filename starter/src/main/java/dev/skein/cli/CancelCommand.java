package dev.skein.cli;

import dev.skein.client.RunHandle;
import picocli.CommandLine.Command;

@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Request cancellation of a run; its in-flight agents are stopped.")
final class CancelCommand extends ExistingRunCommand {

  @Override
  int call(RunHandle run) {
    boolean running;
    try {
      running = Bounded.call(run::isRunning);
    } catch (Bounded.NoAnswer e) {
      throw Unanswered.explain(client, run, hints);
    }
    if (!running) {
      System.err.println(
          "Run "
              + workflowId
              + " has already ended; there is nothing to cancel. See how it ended with: "
              + hints.command("result", workflowId));
      return ExitCodes.OK;
    }
    run.cancel();
    System.err.println(
        "Cancellation requested for "
            + workflowId
            + "; see the outcome with: "
            + hints.command("result", workflowId));
    return ExitCodes.OK;
  }
}
