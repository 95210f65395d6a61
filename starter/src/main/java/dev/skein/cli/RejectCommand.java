package dev.skein.cli;

import dev.skein.engine.Decision;
import picocli.CommandLine.Command;

@Command(
    name = "reject",
    mixinStandardHelpOptions = true,
    description = {
      "Reject an approval step that waits (the workflow's 'decide' update), and print the step's"
          + " state after it.",
      "Under on_reject: fail the step fails; under on_reject: skip it is skipped and its"
          + " dependents follow the skip rules. Refused (exit 2, nothing recorded) as approve is."
    })
final class RejectCommand extends VerdictCommand {

  RejectCommand() {
    super(Decision.REJECT);
  }
}
