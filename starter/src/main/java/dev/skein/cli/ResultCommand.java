package dev.skein.cli;

import dev.skein.client.RunHandle;
import dev.skein.run.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "result",
    mixinStandardHelpOptions = true,
    description = {
      "Wait for a run to end and print its result.",
      "Exit: 0 succeeded, 1 failed or cancelled."
    })
final class ResultCommand extends ExistingRunCommand {

  @Option(names = "--json", description = "Print the run result as JSON.")
  boolean json;

  @Override
  int call(RunHandle run) {
    RunResult result = run.result();
    if (json) {
      System.out.println(Format.json(result));
    } else {
      Summary.print(result, System.out, false);
    }
    return Summary.exitCode(result);
  }
}
