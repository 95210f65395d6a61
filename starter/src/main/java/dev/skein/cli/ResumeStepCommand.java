package dev.skein.cli;

import dev.skein.engine.Decision;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "resume-step",
    mixinStandardHelpOptions = true,
    description = {
      "Decide on a step, or one fan-out task (STEP#TASK), that failed under on_error: pause and"
          + " waits (the workflow's 'decide' update); print the step's state after it.",
      "--retry runs the agent again (--prompt replaces the step's prompt); --skip ends it"
          + " succeeded with --output as its output (a plain step without --output is skipped"
          + " instead, and its dependents follow the skip rules); --fail lets the failure stand."
          + " Refused (exit 2, nothing recorded) when nothing waits there or it was already"
          + " decided."
    })
final class ResumeStepCommand extends DecideCommand {

  /** Exactly one of the three. */
  static final class Action {
    @Option(names = "--retry", required = true, description = "Run the agent again.")
    boolean retry;

    @Option(names = "--skip", required = true, description = "Go on without the agent.")
    boolean skip;

    @Option(names = "--fail", required = true, description = "Let the failure stand.")
    boolean fail;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  @Option(names = "--prompt", paramLabel = "P", description = "With --retry: the prompt to ask.")
  String prompt;

  @Option(names = "--output", paramLabel = "O", description = "With --skip: the output to use.")
  String output;

  @Option(names = "--by", paramLabel = "NAME", description = "Who decides (default: $USER).")
  String by;

  @Override
  Decision decision(String step, Integer task) {
    if (prompt != null && !action.retry) {
      throw CliException.usage("--prompt goes with --retry.");
    }
    if (output != null && !action.skip) {
      throw CliException.usage("--output goes with --skip.");
    }
    String kind = action.retry ? Decision.RETRY : action.skip ? Decision.SKIP : Decision.FAIL;
    return new Decision(step, task, kind, Who.orUser(by), null, prompt, output);
  }
}
