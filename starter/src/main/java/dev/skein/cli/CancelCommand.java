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
    run.cancel();
    System.err.println(
        "Cancellation requested for "
            + workflowId
            + "; see the outcome with: skein result "
            + workflowId);
    return ExitCodes.OK;
  }
}
