package dev.skein.cli;

import dev.skein.engine.Decision;
import picocli.CommandLine.Option;

/**
 * What {@code approve} and {@code reject} share: a verdict on an approval step, with why and who
 * gave it.
 */
abstract class VerdictCommand extends DecideCommand {

  private final String verdict;

  // ${COMMAND-NAME}s reads "approves" or "rejects" in each command's help
  @Option(
      names = "--by",
      paramLabel = "NAME",
      description = "Who ${COMMAND-NAME}s; kept in the step's output (default: $USER).")
  String by;

  @Option(names = "--comment", paramLabel = "C", description = "Why; kept in the step's output.")
  String comment;

  /**
   * @param verdict {@link Decision#APPROVE} or {@link Decision#REJECT}
   */
  VerdictCommand(String verdict) {
    this.verdict = verdict;
  }

  @Override
  final Decision decision(String step, Integer task) {
    return new Decision(step, task, verdict, Who.orUser(by), comment, null, null);
  }
}
