package dev.skein.cli;

import dev.skein.client.ResolvedConnection;
import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.dev.EmbeddedTemporal;
import dev.skein.model.Pipeline;
import dev.skein.parse.PipelineDocument;
import dev.skein.parse.PipelineParser;
import dev.skein.storage.Storage;
import dev.skein.worker.WorkerSettings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Start a run and follow it live until it ends.",
      "With no address configured (no --address, TEMPORAL_ADDRESS or temporal.toml profile), "
          + "runs on an embedded Temporal service with an in-process worker; with no storage "
          + "configured either, large payloads go to a temporary directory removed at exit.",
      "Exit: 0 succeeded, 1 failed or cancelled, 2 bad input, 3 service unreachable.",
      "Ctrl-C: asks whether to cancel the run or detach (detach exits 0). An embedded run is "
          + "cancelled, and skein says so: the embedded service ends when skein exits. While the "
          + "cancellation is under way, a second Ctrl-C stops waiting and exits 130."
    })
final class RunCommand implements Callable<Integer> {

  @Mixin StartArgs start;
  @Mixin ConnectionOptions connection;

  @Option(names = "--json", description = "Print the run result as JSON on stdout.")
  boolean json;

  @Option(names = "--plain", description = "One line per event, even on a terminal.")
  boolean plain;

  @Override
  public Integer call() throws Exception {
    PipelineDocument document = PipelineDocument.read(start.file);
    Pipeline pipeline = PipelineParser.parse(document);
    var inputs = start.inputs(pipeline);
    StartOptions options = start.options();
    ResolvedConnection resolved = connection.resolve();
    if (resolved.configuredAddress().isEmpty()) {
      return runEmbedded(document, pipeline, inputs, options, resolved);
    }
    try (SkeinClient client = SkeinClient.connect(resolved)) {
      RunHandle handle = client.start(document, inputs, options);
      System.err.println("Started " + handle.workflowId() + " on " + client.address());
      Hints hints = Hints.of(connection);
      return RunReporter.followAndReport(
          client,
          handle,
          hints,
          json,
          plain,
          Follower.OnInterrupt.ASK,
          RunReporter.noWorkerWarning(client, options.effectiveTaskQueue(), hints));
    }
  }

  private int runEmbedded(
      PipelineDocument document,
      Pipeline pipeline,
      java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> inputs,
      StartOptions options,
      ResolvedConnection resolved)
      throws Exception {
    if (!json && !plain && System.console() != null) {
      // The service takes a moment to start; say so at once instead of staying silent. Only on a
      // terminal: scripts and --plain/--json readers see the same output as before.
      System.err.println("Starting an embedded Temporal service...");
    }
    java.util.Optional<Storage> storage = resolved.storage().orTemporary().open();
    // Closed after the embedded service (resources close in reverse): the worker is gone first.
    try (AutoCloseable closeStorage = () -> storage.ifPresent(Storage::close);
        EmbeddedTemporal embedded =
            EmbeddedTemporal.start(
                WorkerSettings.defaults()
                    .withTaskQueues(List.copyOf(SkeinClient.taskQueues(pipeline, options)))
                    .withStorage(storage)
                    // The user's own pipeline in the user's own environment.
                    .withPolicy(dev.skein.agents.policy.AgentPolicy.allowAny()),
                resolved.encryption())) {
      SkeinClient client = embedded.skeinClient();
      RunHandle handle = client.start(document, inputs, options);
      System.err.printf(
          "Running %s on an embedded Temporal service (started in %d ms; set --address or "
              + "TEMPORAL_ADDRESS to use a real one)%n",
          handle.workflowId(), embedded.startup().toMillis());
      return RunReporter.followAndReport(
          client,
          handle,
          Hints.address(client.address()),
          json,
          plain,
          Follower.OnInterrupt.CANCEL,
          null);
    }
  }
}
