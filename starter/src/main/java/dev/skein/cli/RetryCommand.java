package dev.skein.cli;

import dev.skein.client.RetryOptions;
import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.parse.PipelineDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description = {
      "Start a new run that reuses what run WORKFLOW_ID did: every step and fan-out task that "
          + "succeeded there and is asked exactly the same now (agent, its configuration, prompt, "
          + "with, item) keeps its output and runs no agent; failed, cancelled, skipped and "
          + "never-started steps run, and so does every step whose prompt changed because an "
          + "input or an upstream output did.",
      "The source may have failed, been cancelled, terminated or timed out; by default its own "
          + "pipeline and inputs are used. The new run names its source (search attribute "
          + "SkeinRetryOf: skein list --retry-of WORKFLOW_ID).",
      "Refused with exit 2, starting nothing, when the run does not exist, is still running, "
          + "--from names an unknown step or the edited pipeline is invalid.",
      "Exit: as skein run when following; 0 once started otherwise."
    })
final class RetryCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "The run to retry.")
  String workflowId;

  @Option(
      names = "--from",
      paramLabel = "STEP",
      description =
          "Run STEP and everything downstream of it again, whatever the source holds."
              + " Repeatable.")
  List<String> from = new ArrayList<>();

  @Option(
      names = {"-i", "--input"},
      paramLabel = "KEY=VALUE",
      description =
          "Override an input; VALUE is JSON when it parses as JSON, else text. Repeatable.")
  List<String> inputs = new ArrayList<>();

  @Option(
      names = "--inputs",
      paramLabel = "FILE",
      description = "A JSON object of input overrides (-i wins over it).")
  Path inputsFile;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = "An edited pipeline to run instead of the source's; steps are matched by id.")
  Path file;

  @Option(
      names = "--id",
      paramLabel = "WORKFLOW_ID",
      description = "Workflow id of the new run (default: <pipeline>-<16 hex digits>).")
  String newId;

  @Option(
      names = {"-q", "--task-queue"},
      paramLabel = "QUEUE",
      description = "Task queue of the new run's workflow (default: skein).")
  String taskQueue;

  @Option(
      names = "--follow",
      description = "Follow the run live until it ends (the default on a terminal).")
  boolean follow;

  @Option(names = "--json", description = "Follow, then print the run result as JSON on stdout.")
  boolean json;

  @Option(names = "--plain", description = "One line per event, even on a terminal.")
  boolean plain;

  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() throws Exception {
    RetryOptions options = RetryOptions.defaults().withFrom(from);
    if (file != null) {
      options = options.withPipeline(PipelineDocument.read(file));
    }
    options = options.withInputs(Inputs.of(inputsFile, inputs));
    StartOptions start = StartOptions.defaults();
    if (newId != null) {
      start = start.withWorkflowId(newId);
    }
    if (taskQueue != null) {
      start = start.withTaskQueue(taskQueue);
    }
    options = options.withStart(start);
    try (SkeinClient client = SkeinClient.connect(connection.resolve())) {
      RunHandle handle = client.retry(workflowId, options);
      System.err.println(
          "Started "
              + handle.workflowId()
              + ", a retry of "
              + workflowId
              + ", on "
              + client.address());
      if (!follow && !json && !Follower.isTerminal(plain)) {
        System.out.println(handle.workflowId());
        return ExitCodes.OK;
      }
      Hints hints = Hints.of(connection);
      return RunReporter.followAndReport(
          client,
          handle,
          hints,
          json,
          plain,
          Follower.OnInterrupt.ASK,
          RunReporter.noWorkerWarning(client, start.effectiveTaskQueue(), hints));
    }
  }
}
