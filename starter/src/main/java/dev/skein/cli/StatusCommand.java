package dev.skein.cli;

import dev.skein.client.RunHandle;
import dev.skein.run.RunResult;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a run as it stands now (the progress query), as a table or JSON.")
final class StatusCommand extends ExistingRunCommand {

  @Option(names = "--json", description = "Print the run result as JSON.")
  boolean json;

  @Override
  int call(RunHandle run) {
    RunResult progress = progress(run);
    System.out.print(
        json ? Format.json(progress) + "\n" : StatusTable.render(progress, Instant.now()));
    return ExitCodes.OK;
  }
}
