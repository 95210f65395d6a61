package dev.skein.cli;

import dev.skein.client.SkeinClient;
import dev.skein.model.Pipeline;
import dev.skein.parse.PipelineDocument;
import dev.skein.parse.PipelineParser;
import dev.skein.plan.Plan;
import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {
      "Show a pipeline's DAG: its levels as text, or Mermaid or Graphviz dot to render.",
      "With --run, each node carries that run's status."
    })
final class GraphCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "Pipeline file.")
  Path file;

  @Option(
      names = {"-f", "--format"},
      defaultValue = "text",
      description = "text, mermaid or dot (default: ${DEFAULT-VALUE}).")
  GraphFormat format;

  @Option(names = "--run", paramLabel = "WORKFLOW_ID", description = "Colour nodes by run status.")
  String runId;

  /** Used with --run only. */
  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() throws Exception {
    Pipeline pipeline = PipelineParser.parse(PipelineDocument.read(file));
    Plan plan = Plan.of(pipeline);
    Map<String, StepRecord> statuses = new LinkedHashMap<>();
    if (runId != null) {
      try (SkeinClient client = SkeinClient.connect(connection.resolve())) {
        RunResult progress = client.attach(runId).progress();
        Format.steps(progress).forEach(s -> statuses.put(s.id(), s));
      }
    }
    System.out.print(GraphRenderer.render(plan, format, statuses));
    return ExitCodes.OK;
  }
}
