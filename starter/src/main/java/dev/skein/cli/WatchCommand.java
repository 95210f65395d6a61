package dev.skein.cli;

import dev.skein.client.RunHandle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a run live until it ends: one line per event, or a status table with a progress "
          + "bar on a terminal.",
      "Exit: 0 succeeded, 1 failed or cancelled. Ctrl-C asks whether to cancel the run or "
          + "detach (detach exits 0)."
    })
final class WatchCommand extends ExistingRunCommand {

  @Option(names = "--json", description = "Print the run result as JSON on stdout at the end.")
  boolean json;

  @Option(names = "--plain", description = "One line per event, even on a terminal.")
  boolean plain;

  @Override
  int call(RunHandle run) throws Exception {
    return RunReporter.followAndReport(
        client, run, hints, json, plain, Follower.OnInterrupt.ASK, null);
  }
}
