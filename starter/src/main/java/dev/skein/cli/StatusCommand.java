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
    // What the service says of calls in flight: queued, retrying, the agents' progress.
    RunResult progress = client.withLiveCalls(run, progress(run));
    System.out.print(
        json ? Format.json(progress) + "\n" : StatusTable.render(progress, Instant.now()));
    Format.steps(progress).stream()
        .map(s -> s.live())
        .filter(l -> l != null && l.warning() != null && l.taskQueue() != null)
        .map(l -> l.taskQueue())
        .distinct()
        .forEach(
            q ->
                System.err.println(
                    "warning: no worker polls task queue '"
                        + q
                        + "' at "
                        + client.address()
                        + "; start one with: "
                        + hints.worker(q)));
    return ExitCodes.OK;
  }
}
