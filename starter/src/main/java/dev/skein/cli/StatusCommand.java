package dev.skein.cli;

import dev.skein.client.RunHandle;
import dev.skein.run.RunResult;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Print a run as it stands now (from the workflow's progress query) and exit; it does not "
          + "wait (use watch to follow, result to wait for the end).",
      "Prints a header line (pipeline, workflow id, run status, progress bar with steps done of "
          + "all, elapsed time), then one row per step (its status, attempts and elapsed time; "
          + "tokens and cost once an agent reports them, with a total row), then the run's "
          + "error and each failed step's error. --json prints the same as JSON on stdout.",
      "Exit: 0 printed (whatever the run's status), 2 no such run, 3 service unreachable or no "
          + "worker answered."
    })
final class StatusCommand extends ExistingRunCommand {

  @Option(
      names = "--json",
      description = "Print the progress as JSON (the result shape of interfaces.md) instead.")
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
