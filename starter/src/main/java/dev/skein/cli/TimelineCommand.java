package dev.skein.cli;

import dev.skein.client.SkeinClient;
import dev.skein.run.RunResult;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "timeline",
    mixinStandardHelpOptions = true,
    description = {
      "Print a Mermaid Gantt chart of a run: when each step (and fan-out task) launched and "
          + "completed, one section per level.",
      "Paste it into any Mermaid renderer (GitHub markdown, mermaid.live) to see the parallelism."
    })
final class TimelineCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
  String workflowId;

  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() {
    try (SkeinClient client = SkeinClient.connect(connection.resolve())) {
      RunResult progress = client.attach(workflowId).progress();
      System.out.print(Timeline.gantt(progress, Instant.now()));
      return ExitCodes.OK;
    }
  }
}
