package dev.skein.cli;

import dev.skein.engine.Decision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
final class ApproveCommand extends DecideCommand {

  @Option(names = "--comment", paramLabel = "C", description = "Why; kept in the step's output.")
  String comment;

  @Option(
      names = "--by",
      paramLabel = "NAME",
      description = "Who approves; kept in the step's output (default: $USER).")
  String by;

  @Override
  Decision decision(String step, Integer task) {
    return new Decision(step, task, Decision.APPROVE, Who.orUser(by), comment, null, null);
  }
}
