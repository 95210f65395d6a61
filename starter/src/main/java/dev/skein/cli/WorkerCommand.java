package dev.skein.cli;

import dev.skein.client.SkeinClient;
import dev.skein.storage.Storage;
import dev.skein.storage.StorageException;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerMain;
import dev.skein.worker.WorkerSettings;
import java.nio.file.Path;
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
      "The store is checked before polling starts; all workers and clients must share it.",
      "Agents get none of the worker's environment variables unless --allow-secret (or "
          + "SKEIN_ALLOW_SECRETS, a --policy file) grants them; any program may run unless "
          + "--allow-command names the allowed ones. Whoever can start workflows on the "
          + "namespace can run programs here: guard the namespace."
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

  @Option(
      names = "--allow-secret",
      paramLabel = "NAME[@HOST[:PORT]]",
      description =
          "Let agents use the worker variable NAME (pass_env, api_key_env to any host), or with"
              + " @HOST[:PORT] only send it to that host; repeatable.")
  List<String> allowSecrets = new ArrayList<>();

  @Option(
      names = "--allow-command",
      paramLabel = "PROG",
      description =
          "Let command agents run PROG (matched on the resolved path of command[0]); repeatable."
              + " Without it any program may run.")
  List<String> allowCommands = new ArrayList<>();

  @Option(
      names = "--allow-any",
      description = "Trust pipelines fully: every secret they name, any program.")
  boolean allowAny;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "A policy file (YAML: allow_secrets, allow_commands, allow_any).")
  List<Path> policyFiles = new ArrayList<>();

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
      settings =
          settings.withPolicy(
              WorkerMain.policy(
                  System.getenv(), allowAny, allowSecrets, allowCommands, policyFiles));
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
          "Worker on %s (namespace %s), task queues: %s, storage: %s, payload encryption: %s,"
              + " agents: %s. Ctrl-C or SIGTERM to stop.%n",
          client.address(),
          client.namespace(),
          String.join(", ", settings.taskQueues()),
          resolved.storage().summary(),
          resolved.encryption().summary(),
          settings.policy().summary());
      WorkerMain.serve(
          new SkeinWorker(client.workflowClient(), settings.withStorage(client.storage())));
    }
    return ExitCodes.OK;
  }
}
