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
      "With --run ID instead of FILE: the pipeline that run runs (read from the run itself), each "
          + "node carrying the run's status."
    })
final class GraphCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "Pipeline file; leave it out with --run, which reads the run's own pipeline.")
  Path file;

  @Option(
      names = {"-f", "--format"},
      defaultValue = "text",
      description = "text, mermaid or dot (default: ${DEFAULT-VALUE}).")
  GraphFormat format;

  @Option(
      names = "--run",
      paramLabel = "WORKFLOW_ID",
      description = "The graph of that run's own pipeline, each node coloured by its status.")
  String runId;

  /** Used with --run only. */
  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() throws Exception {
    if (runId != null && file != null) {
      throw CliException.usage(
          "graph takes a FILE or --run ID, not both: --run shows the pipeline the run itself"
              + " runs, which may differ from "
              + file
              + ". Leave out the FILE (or --run, to see the file's graph).");
    }
    if (runId == null && file == null) {
      throw CliException.usage(
          "graph needs a pipeline FILE, or --run ID for the pipeline of a run. See 'skein graph"
              + " --help'.");
    }
    Map<String, StepRecord> statuses = new LinkedHashMap<>();
    Pipeline pipeline;
    if (runId == null) {
      pipeline = PipelineParser.parse(PipelineDocument.read(file));
    } else {
      try (SkeinClient client = SkeinClient.connect(connection.resolve())) {
        pipeline = PipelineParser.parse(client.pipelineOf(runId));
        RunResult progress = client.attach(runId).progress();
        Format.steps(progress).forEach(s -> statuses.put(s.id(), s));
      }
    }
    System.out.print(GraphRenderer.render(Plan.of(pipeline), format, statuses));
    return ExitCodes.OK;
  }
}
