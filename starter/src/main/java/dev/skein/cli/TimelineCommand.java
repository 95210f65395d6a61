package dev.skein.cli;

import dev.skein.client.RunHandle;
import dev.skein.run.RunResult;
import java.time.Instant;
import picocli.CommandLine.Command;

@Command(
    name = "timeline",
    mixinStandardHelpOptions = true,
    description = {
      "Print a Mermaid Gantt chart of a run: when each step (and fan-out task) launched and "
          + "completed, one section per level.",
      "Paste it into any Mermaid renderer (GitHub markdown, mermaid.live) to see the parallelism."
    })
final class TimelineCommand extends ExistingRunCommand {

  @Override
  int call(RunHandle run) {
    RunResult progress = progress(run);
    System.out.print(Timeline.gantt(progress, Instant.now()));
    return ExitCodes.OK;
  }
}
