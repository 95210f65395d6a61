package dev.skein.cli;

import dev.skein.engine.Decision;
import picocli.CommandLine.Command;

@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Approve an approval step that waits (the workflow's 'decide' update), and print the step's"
          + " state after it.",
      "The step succeeds with the output {\"decision\": \"approved\", \"by\", \"comment\", \"at\"}."
          + " Refused (exit 2, nothing recorded) when the step does not exist, does not wait, was"
          + " already decided, or is not an approval."
    })
final class ApproveCommand extends VerdictCommand {

  ApproveCommand() {
    super(Decision.APPROVE);
  }
}
