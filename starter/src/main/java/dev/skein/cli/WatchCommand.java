package dev.skein.cli;

import dev.skein.client.SkeinClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a run live until it ends: one line per event, or a status table with a progress "
          + "bar on a terminal.",
      "Exit: 0 succeeded, 1 failed or cancelled. Ctrl-C asks whether to cancel the run or "
          + "detach (detach exits 0)."
    })
final class WatchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
  String workflowId;

  @Mixin ConnectionOptions connection;

  @Option(names = "--json", description = "Print the run result as JSON on stdout at the end.")
  boolean json;

  @Option(names = "--plain", description = "One line per event, even on a terminal.")
  boolean plain;

  @Override
  public Integer call() throws Exception {
    try (SkeinClient client = SkeinClient.connect(connection.resolve())) {
      return RunReporter.followAndReport(
          client.attach(workflowId), json, plain, Follower.OnInterrupt.ASK, null);
    }
  }
}
