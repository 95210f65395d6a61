package dev.skein.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.client.StartOptions;
import dev.skein.model.Pipeline;
import dev.skein.parse.InputProblems;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.parse.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code run} and {@code start} share: the file, its inputs, the id and the queue. */
final class StartArgs {

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

  @Option(
      names = "--id",
      paramLabel = "WORKFLOW_ID",
      description = "Workflow id (default: <pipeline>-<4 hex digits>).")
  String workflowId;

  @Option(
      names = {"-q", "--task-queue"},
      paramLabel = "QUEUE",
      description = "Task queue of the workflow (default: skein).")
  String taskQueue;

  /**
   * The inputs, checked against the pipeline before anything starts, with the sentences the
   * workflow uses ({@link InputProblems}): a problem is exit 2 and no run.
   */
  Map<String, JsonNode> inputs(Pipeline pipeline) throws InvalidPipelineException {
    Set<String> textInputs = new HashSet<>();
    pipeline
        .inputs()
        .forEach(
            (name, value) -> {
              if (value != null && value.isTextual()) {
                textInputs.add(name);
              }
            });
    Map<String, JsonNode> given = Inputs.of(inputsFile, inputs, textInputs);
    List<Problem> problems = InputProblems.check(pipeline, given);
    if (!problems.isEmpty()) {
      throw new InvalidPipelineException(problems);
    }
    return given;
  }

  StartOptions options() {
    StartOptions options = StartOptions.defaults();
    if (workflowId != null) {
      options = options.withWorkflowId(workflowId);
    }
    if (taskQueue != null) {
      options = options.withTaskQueue(taskQueue);
    }
    return options;
  }
}
