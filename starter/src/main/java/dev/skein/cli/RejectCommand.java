package dev.skein.cli;

import dev.skein.engine.Decision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "reject",
    mixinStandardHelpOptions = true,
    description = {
      "Reject an approval step that waits (the workflow's 'decide' update), and print the step's"
          + " state after it.",
      "Under on_reject: fail the step fails; under on_reject: skip it is skipped and its"
          + " dependents follow the skip rules. Refused (exit 2, nothing recorded) as approve is."
    })
final class RejectCommand extends DecideCommand {

  @Option(names = "--comment", paramLabel = "C", description = "Why; kept in the step's output.")
  String comment;

  @Option(
      names = "--by",
      paramLabel = "NAME",
      description = "Who rejects; kept in the step's output (default: $USER).")
  String by;

  @Override
  Decision decision(String step, Integer task) {
    return new Decision(step, task, Decision.REJECT, Who.orUser(by), comment, null, null);
  }
}
