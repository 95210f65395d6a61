package dev.skein.cli;

import dev.skein.client.SkeinClient;
import dev.skein.storage.Storage;
import dev.skein.storage.StorageException;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerMain;
import dev.skein.worker.WorkerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a worker: the AgentPipeline workflow and the agent activities on one or more task "
          + "queues, until SIGTERM or Ctrl-C.",
      "On SIGTERM it stops polling, lets running activities finish for the grace period, "
          + "cancels the rest (their processes are stopped) and exits 0.",
      "With no address configured it connects to localhost:7233 (as the Temporal CLI does).",
      "The store is checked before polling starts; all workers and clients must share it."
    })
final class WorkerCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Option(
      names = {"-q", "--task-queue"},
      paramLabel = "QUEUE",
      description = "Task queue to poll; repeatable (default: skein).")
  List<String> taskQueues = new ArrayList<>();

  @Option(
      names = "--max-concurrent-activities",
      paramLabel = "N",
      description = "Agent activities at once per queue (default: ${DEFAULT-VALUE}).")
  int maxConcurrentActivities = WorkerSettings.DEFAULT_MAX_CONCURRENT_ACTIVITIES;

  @Option(
      names = "--max-concurrent-workflow-tasks",
      paramLabel = "N",
      description = "Workflow tasks at once per queue (default: ${DEFAULT-VALUE}).")
  int maxConcurrentWorkflowTasks = WorkerSettings.DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "DURATION",
      description = "How long running activities may finish after SIGTERM (default: 30s).")
  String shutdownGrace;

  @Override
  public Integer call() throws Exception {
    WorkerSettings settings;
    try {
      settings =
          WorkerMain.settingsFromEnv(System.getenv())
              .withMaxConcurrentActivities(maxConcurrentActivities)
              .withMaxConcurrentWorkflowTasks(maxConcurrentWorkflowTasks);
      if (!taskQueues.isEmpty()) {
        settings = settings.withTaskQueues(taskQueues);
      }
      if (shutdownGrace != null) {
        settings = settings.withShutdownGrace(WorkerMain.parseDuration(shutdownGrace));
      }
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    var resolved = connection.resolve();
    try (SkeinClient client = SkeinClient.connect(resolved)) {
      try {
        client.storage().ifPresent(Storage::check);
      } catch (StorageException e) {
        throw CliException.usage("Storage: " + e.getMessage());
      }
      System.err.printf(
          "Worker on %s (namespace %s), task queues: %s, storage: %s. Ctrl-C or SIGTERM to"
              + " stop.%n",
          client.address(),
          client.namespace(),
          String.join(", ", settings.taskQueues()),
          resolved.storage().summary());
      WorkerMain.serve(
          new SkeinWorker(client.workflowClient(), settings.withStorage(client.storage())));
    }
    return ExitCodes.OK;
  }
}
