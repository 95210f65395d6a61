package dev.skein.cli;

import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.model.Pipeline;
import dev.skein.parse.PipelineDocument;
import dev.skein.parse.PipelineParser;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a pipeline, start a run and print its workflow id; do not wait.",
      "Warns when no worker polls the task queues the run needs within 10 s (where the service "
          + "can tell)."
    })
final class StartCommand implements Callable<Integer> {

  @Mixin StartArgs start;
  @Mixin ConnectionOptions connection;

  @Option(names = "--json", description = "Print {\"workflow_id\", \"run_id\"} as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PipelineDocument document = PipelineDocument.read(start.file);
    Pipeline pipeline = PipelineParser.parse(document);
    var inputs = start.inputs(pipeline);
    StartOptions options = start.options();
    try (SkeinClient client = SkeinClient.connect(connection.resolve())) {
      RunHandle handle = client.start(document, inputs, options);
      if (json) {
        System.out.printf(
            "{\"workflow_id\": \"%s\", \"run_id\": \"%s\"}%n",
            handle.workflowId(), handle.runId().orElse(""));
      } else {
        System.out.println(handle.workflowId());
      }
      Hints hints = Hints.of(connection);
      System.err.println("Follow it with: " + hints.command("watch", handle.workflowId()));
      warnAboutIdleQueues(client, pipeline, options, hints);
      return ExitCodes.OK;
    }
  }

  /** Waits up to 10 s for a poller on each queue the run needs; warns about the ones without. */
  static void warnAboutIdleQueues(
      SkeinClient client, Pipeline pipeline, StartOptions options, Hints hints)
      throws InterruptedException {
    String workflowQueue = options.effectiveTaskQueue();
    Set<String> waiting = new LinkedHashSet<>(SkeinClient.taskQueues(pipeline, options));
    long deadline = System.currentTimeMillis() + 10_000;
    while (!waiting.isEmpty()) {
      for (String queue : Set.copyOf(waiting)) {
        Optional<Integer> pollers = client.pollerCount(queue, !queue.equals(workflowQueue));
        if (pollers.isEmpty() || pollers.get() > 0) {
          // The service cannot tell (the dev server), or someone polls.
          waiting.remove(queue);
        }
      }
      if (waiting.isEmpty() || System.currentTimeMillis() > deadline) {
        break;
      }
      Thread.sleep(1000);
    }
    for (String queue : waiting) {
      System.err.println(
          "warning: no worker polls task queue '"
              + queue
              + "' at "
              + client.address()
              + "; start one with: "
              + hints.worker(queue));
    }
  }
}
