package dev.skein.cli;

import dev.skein.client.SkeinClient;
import dev.skein.run.RunResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "result",
    mixinStandardHelpOptions = true,
    description = {
      "Wait for a run to end and print its result.",
      "Exit: 0 succeeded, 1 failed or cancelled."
    })
final class ResultCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
  String workflowId;

  @Mixin ConnectionOptions connection;

  @Option(names = "--json", description = "Print the run result as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (SkeinClient client = SkeinClient.connect(connection.resolve())) {
      RunResult result = client.attach(workflowId).result();
      if (json) {
        System.out.println(Format.json(result));
      } else {
        Summary.print(result, System.out, false);
      }
      return Summary.exitCode(result);
    }
  }
}
