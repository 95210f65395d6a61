package dev.skein.cli;

import dev.skein.client.SkeinClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Request cancellation of a run; its in-flight agents are stopped.")
final class CancelCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
  String workflowId;

  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() {
    try (SkeinClient client = SkeinClient.connect(connection.resolve())) {
      client.attach(workflowId).cancel();
      System.err.println(
          "Cancellation requested for "
              + workflowId
              + "; see the outcome with: skein result "
              + workflowId);
      return ExitCodes.OK;
    }
  }
}
