package dev.skein.cli;

import dev.skein.client.SkeinClient;
import dev.skein.run.RunResult;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a run as it stands now (the progress query), as a table or JSON.")
final class StatusCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
  String workflowId;

  @Mixin ConnectionOptions connection;

  @Option(names = "--json", description = "Print the run result as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (SkeinClient client = SkeinClient.connect(connection.resolve())) {
      RunResult progress = client.attach(workflowId).progress();
      System.out.print(
          json ? Format.json(progress) + "\n" : StatusTable.render(progress, Instant.now()));
      return ExitCodes.OK;
    }
  }
}
