package dev.skein.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.engine.RunInputs;
import dev.skein.model.Pipeline;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.parse.PipelineDocument;
import dev.skein.parse.PipelineParser;
import dev.skein.plan.Plan;
import dev.skein.plan.Preview;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Preview what a run would do, before it spends anything: the levels and their steps, each"
          + " fan-out's size (rendered from the inputs, or why it is unknown), the most agent"
          + " calls it can make (retries included), the task queues it sends work to, its"
          + " critical path and, in dataflow mode, which steps of different levels can overlap.",
      "Starts nothing and needs no Temporal service.",
      "Exit: 0 a preview was printed, 2 the file or an input is invalid."
    })
final class PlanCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "Pipeline file (YAML or JSON).")
  Path file;

  @Option(
      names = {"-i", "--input"},
      paramLabel = "KEY=VALUE",
      description = "An input; VALUE is JSON when it parses as JSON, else text. Repeatable.")
  List<String> inputs = new ArrayList<>();

  @Option(
      names = "--inputs",
      paramLabel = "FILE",
      description = "A JSON object of inputs (-i wins over it).")
  Path inputsFile;

  @Option(names = "--json", description = "Print the preview as one JSON object on stdout.")
  boolean json;

  @Override
  public Integer call() throws InvalidPipelineException {
    Pipeline pipeline = PipelineParser.parse(PipelineDocument.read(file));
    Map<String, JsonNode> resolved = RunInputs.resolve(pipeline, Inputs.of(inputsFile, inputs));
    Preview preview = Preview.of(Plan.of(pipeline), resolved);
    System.out.print(json ? Format.json(PlanJson.of(preview)) + "\n" : PlanText.of(preview));
    return ExitCodes.OK;
  }
}
