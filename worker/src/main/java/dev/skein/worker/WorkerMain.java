package dev.skein.worker;

import dev.skein.model.Durations;
import io.temporal.client.WorkflowClient;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process for containers: configured by environment variables (flags override them),
 * runs until SIGTERM or SIGINT, drains, exits 0.
 *
 * <ul>
 *   <li>{@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, {@code TEMPORAL_API_KEY}, {@code
 *       TEMPORAL_TLS_*}, {@code TEMPORAL_PROFILE} and {@code temporal.toml}: as the Temporal CLI
 *       reads them
 *   <li>{@code SKEIN_TASK_QUEUES} (comma-separated, default {@code skein}), {@code
 *       SKEIN_MAX_CONCURRENT_ACTIVITIES}, {@code SKEIN_MAX_CONCURRENT_WORKFLOW_TASKS}, {@code
 *       SKEIN_SHUTDOWN_GRACE} ({@code 30s})
 *   <li>flags: {@code --address}, {@code --namespace}, {@code --task-queue Q} (repeatable), {@code
 *       --max-concurrent-activities N}, {@code --max-concurrent-workflow-tasks N}, {@code
 *       --shutdown-grace 30s}
 * </ul>
 */
public final class WorkerMain {

  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    ClientConfigProfile.Builder profile = loadProfile().toBuilder();
    WorkerSettings settings = settingsFromEnv(env);
    List<String> queues = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        usage("missing value after " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--address" -> profile.setAddress(value);
        case "--namespace" -> profile.setNamespace(value);
        case "--task-queue" -> queues.add(value);
        case "--max-concurrent-activities" ->
            settings = settings.withMaxConcurrentActivities(Integer.parseInt(value));
        case "--max-concurrent-workflow-tasks" ->
            settings = settings.withMaxConcurrentWorkflowTasks(Integer.parseInt(value));
        case "--shutdown-grace" -> settings = settings.withShutdownGrace(parseDuration(value));
        default -> usage("unknown option " + flag);
      }
    }
    if (!queues.isEmpty()) {
      settings = settings.withTaskQueues(queues);
    }
    ClientConfigProfile resolved = profile.build();
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(resolved.toWorkflowServiceStubsOptions());
    WorkflowClient client = WorkflowClient.newInstance(service, resolved.toWorkflowClientOptions());
    log.info(
        "connecting to {} namespace {}",
        resolved.getAddress() == null ? "127.0.0.1:7233" : resolved.getAddress(),
        client.getOptions().getNamespace());
    serve(new SkeinWorker(client, settings));
    service.shutdown();
    System.exit(0);
  }

  /** Starts the worker, waits for SIGTERM or SIGINT, then shuts it down gracefully. */
  public static void serve(SkeinWorker worker) throws InterruptedException {
    ShutdownSignal signal = ShutdownSignal.install();
    worker.start();
    signal.await();
    worker.shutdown();
  }

  /** Worker settings from {@code SKEIN_*} variables over the defaults. */
  public static WorkerSettings settingsFromEnv(Map<String, String> env) {
    WorkerSettings settings = WorkerSettings.defaults();
    String queues = env.get("SKEIN_TASK_QUEUES");
    if (queues != null && !queues.isBlank()) {
      settings =
          settings.withTaskQueues(
              Arrays.stream(queues.split(","))
                  .map(String::trim)
                  .filter(q -> !q.isEmpty())
                  .toList());
    }
    String activities = env.get("SKEIN_MAX_CONCURRENT_ACTIVITIES");
    if (activities != null && !activities.isBlank()) {
      settings = settings.withMaxConcurrentActivities(Integer.parseInt(activities.trim()));
    }
    String workflowTasks = env.get("SKEIN_MAX_CONCURRENT_WORKFLOW_TASKS");
    if (workflowTasks != null && !workflowTasks.isBlank()) {
      settings = settings.withMaxConcurrentWorkflowTasks(Integer.parseInt(workflowTasks.trim()));
    }
    String grace = env.get("SKEIN_SHUTDOWN_GRACE");
    if (grace != null && !grace.isBlank()) {
      settings = settings.withShutdownGrace(parseDuration(grace));
    }
    return settings;
  }

  /**
   * {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} as in pipelines; a bare number is seconds.
   */
  public static Duration parseDuration(String text) {
    String t = text == null ? "" : text.trim();
    return t.matches("\\d{1,12}") ? Duration.ofSeconds(Long.parseLong(t)) : Durations.parse(t);
  }

  private static ClientConfigProfile loadProfile() throws IOException {
    return ClientConfigProfile.load();
  }

  private static void usage(String problem) {
    System.err.println("skein worker: " + problem);
    System.exit(2);
  }
}
